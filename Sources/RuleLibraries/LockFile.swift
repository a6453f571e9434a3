import Foundation
import PMOWorkspace

/// `pmo.lock.lua`: what `pmo lib install` put in the workspace, exactly. For each library its
/// name, exact version, source, and the SHA-256 of every file, so that a load can refuse a
/// file changed since. A Lua table of data, like the config (DESIGN.md decision 6); pmo
/// writes it, people read it.
///
/// ```lua
/// return {
///   lock_version = 1,
///   libraries = {
///     { name = "acme-delivery", version = "1.2.0", source = "/src/acme-delivery",
///       sha256 = "6d1e...",   -- the release: the SHA-256 of its pack
///       files = { ["pmo-lib.lua"] = "9f2c...", ["acme/delivery/kpis.lua"] = "41ab..." } },
///   },
/// }
/// ```
public struct LockFile: Equatable, Sendable {
    /// The lock file's name at the workspace root.
    public static let fileName = "pmo.lock.lua"

    /// One installed library.
    public struct Entry: Equatable, Sendable {
        /// Its name.
        public var name: String
        /// The exact version installed.
        public var version: SemanticVersion
        /// Where it was installed from, as given to `pmo lib install`.
        public var source: String
        /// The SHA-256 (hex) that identifies the release installed: its pack's, as
        /// `sha256sum` prints it (LibrarySource.fetchRelease). Nil in a lock written before
        /// pmo recorded it.
        public var sha256: String?
        /// Relative path to SHA-256 (hex) of every file.
        public var files: [String: String]

        /// Creates an entry.
        public init(name: String, version: SemanticVersion, source: String, sha256: String? = nil,
                    files: [String: String]) {
            self.name = name
            self.version = version
            self.source = source
            self.sha256 = sha256
            self.files = files
        }
    }

    /// The installed libraries, sorted by name.
    public var libraries: [Entry] = []

    /// An empty lock.
    public init(libraries: [Entry] = []) {
        self.libraries = libraries.sorted { $0.name < $1.name }
    }

    /// The entry named `name`.
    public func entry(_ name: String) -> Entry? { libraries.first { $0.name == name } }

    /// Adds or replaces an entry.
    public mutating func set(_ entry: Entry) {
        libraries.removeAll { $0.name == entry.name }
        libraries.append(entry)
        libraries.sort { $0.name < $1.name }
    }

    /// Reads the lock at `path`; an absent file is an empty lock. Throws `ConfigError`.
    public static func load(path: String) throws -> LockFile {
        guard let data = FileManager.default.contents(atPath: path) else { return LockFile() }
        let source = [UInt8](data)
        let r = ConfigReader(file: path, source: String(decoding: source, as: UTF8.self))
        let top = try r.fields(try DataFileEvaluator.evaluate(source: source, file: path), path: "", known: ["lock_version", "libraries"])
        guard let list = top["libraries"] else { return LockFile() }
        return LockFile(libraries: try r.list(list, path: "libraries").enumerated().map { i, item in
            let p = "libraries[\(i + 1)]"
            let f = try r.fields(item, path: p, known: ["name", "version", "source", "sha256", "files"])
            guard let n = f["name"], let v = f["version"], let s = f["source"], let fs = f["files"],
                  let files = r.entries(fs) else {
                throw r.error(p, "an entry needs name, version, source and files; reinstall the library")
            }
            let versionText = try r.string(v, path: p + ".version")
            guard let version = SemanticVersion(versionText) else { throw r.error(p + ".version", "not a semantic version: \(versionText)") }
            return Entry(name: try r.string(n, path: p + ".name"), version: version, source: try r.string(s, path: p + ".source"),
                         sha256: try f["sha256"].map { try r.string($0, path: p + ".sha256") },
                         files: try files.mapValues { try r.string($0, path: p + ".files") })
        })
    }

    /// The file's text: entries by name, files by path, so it diffs well.
    public var text: String {
        var out = "-- Written by `pmo lib install`; do not edit. Every file of every library, with its SHA-256.\n"
        out += "return {\n  lock_version = 1,\n  libraries = {\n"
        for e in libraries {
            out += "    {\n      name = \(quoted(e.name)), version = \(quoted(e.version.description)),\n"
            out += "      source = \(quoted(e.source)),\n"
            if let sha = e.sha256 { out += "      sha256 = \(quoted(sha)),\n" }
            out += "      files = {\n"
            for path in e.files.keys.sorted() {
                out += "        [\(quoted(path))] = \(quoted(e.files[path]!)),\n"
            }
            out += "      },\n    },\n"
        }
        return out + "  },\n}\n"
    }

    /// Writes the lock to `path`, through a temporary file so a crash leaves the old one.
    public func write(to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// A Lua string literal for `s`: double quotes, with `\`, `"`, newlines and control bytes
/// escaped; other bytes (UTF-8 included) as they are.
func quoted(_ s: String) -> String {
    var out: [UInt8] = [UInt8(ascii: "\"")]
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "\\"), UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), b]
        case UInt8(ascii: "\n"): out += Array("\\n".utf8)
        case 0..<0x20, 0x7F: out += Array(String(format: "\\%03d", Int(b)).utf8)
        default: out.append(b)
        }
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
}
