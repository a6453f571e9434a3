import Foundation
import PMOWorkspace

/// A rule library on disk: its folder and manifest, and the files, modules and specs in it.
///
/// ```swift
/// let lib = try LibraryFolder.open("acme-delivery")
/// print(lib.manifest.name, lib.modules(), lib.specFiles())
/// ```
public struct LibraryFolder: Sendable {
    /// The folder, absolute and standardised.
    public let path: String
    /// Its manifest.
    public let manifest: LibraryManifest

    /// Reads the library in `path`. Throws `ConfigError` for a missing or malformed manifest.
    public static func open(_ path: String) throws -> LibraryFolder {
        let root = Workspace.absolute(path)
        return LibraryFolder(path: root, manifest: try LibraryManifest.load(folder: root))
    }

    /// Every regular file of the library as a relative path with `/`, sorted by byte value:
    /// hidden files and folders (`.git`) are not part of a library.
    public func files() throws -> [String] {
        try Self.files(in: path)
    }

    /// The regular files under `folder`, relative, sorted, hidden ones left out. A symbolic
    /// link is refused: a library is plain files, so nothing in it can point outside.
    public static func files(in folder: String) throws -> [String] {
        var out: [String] = []
        func walk(_ relative: String) throws {
            let full = relative.isEmpty ? folder : folder + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: full) where !name.hasPrefix(".") {
                let rel = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(folder + "/" + rel, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: try walk(rel)
                case S_IFREG: out.append(rel)
                case S_IFLNK: throw LibraryError("\(folder)/\(rel) is a symbolic link; a library holds plain files only")
                default: continue
                }
            }
        }
        try walk("")
        return out.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The folder holding a root's modules: `acme.delivery` lives in `acme/delivery/`.
    public func directory(of root: String) -> String {
        path + "/" + root.replacingOccurrences(of: ".", with: "/")
    }

    /// The module names of every `.lua` file under the roots, sorted: `acme/delivery/kpis.lua`
    /// is `acme.delivery.kpis`, and `init.lua` names its folder.
    public func modules() -> [String] {
        var names: Set<String> = []
        for root in manifest.roots {
            for file in (try? Self.files(in: directory(of: root))) ?? [] where file.hasSuffix(".lua") {
                var parts = file.dropLast(4).split(separator: "/").map(String.init)
                if parts.last == "init" { parts.removeLast() }
                names.insert(([root] + parts).joined(separator: "."))
            }
        }
        return names.sorted()
    }

    /// The `spec/*_spec.lua` files, absolute, sorted.
    public func specFiles() -> [String] {
        let folder = path + "/spec"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix("_spec.lua") }.sorted().map { folder + "/" + $0 }
    }
}
