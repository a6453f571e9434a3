import Foundation
import PMOWorkspace

/// Where `pmo lib install SOURCE` takes a library from, and how it gets a copy of it.
///
/// - a folder holding `pmo-lib.lua`;
/// - a `.tar.gz` (or `.tgz`) made by `pmo lib pack`;
/// - a git repository, local or remote, at a tag: `../acme-delivery@v1.2.0`,
///   `https://git.example/acme-delivery.git@v1.2.0` (without `@tag`, its default branch).
///
/// ```swift
/// let folder = try LibrarySource.parse("https://git.example/acme.git@v1.2.0").fetch(into: tmp)
/// ```
public enum LibrarySource: Equatable, Sendable {
    /// A library folder.
    case folder(String)
    /// A pack file.
    case pack(String)
    /// A git repository and an optional tag or branch.
    case git(url: String, ref: String?)

    /// Reads SOURCE as the command line gives it.
    public static func parse(_ text: String) -> LibrarySource {
        let fm = FileManager.default
        if fm.fileExists(atPath: (text as NSString).appendingPathComponent(LibraryManifest.fileName)) { return .folder(text) }
        if text.hasSuffix(".tar.gz") || text.hasSuffix(".tgz") { return .pack(text) }
        // The last '@' starts a ref when what follows is a ref, not part of a host (git@host:...).
        if let at = text.lastIndex(of: "@") {
            let ref = String(text[text.index(after: at)...])
            if !ref.isEmpty, !ref.contains("/"), !ref.contains(":") {
                return .git(url: String(text[..<at]), ref: ref)
            }
        }
        return .git(url: text, ref: nil)
    }

    /// Copies the library into `folder` (which must not exist) and returns it opened.
    public func fetch(into folder: String) throws -> LibraryFolder {
        try fetchRelease(into: folder).library
    }

    /// Copies the library into `folder` (which must not exist) and returns it opened, with
    /// the SHA-256 that identifies the release: a pack's own (what `sha256sum` prints for the
    /// file); for a folder or a repository, that of the pack `pmo lib pack` makes of what was
    /// fetched (packs are reproducible: the same content, the same bytes, the same hash).
    public func fetchRelease(into folder: String) throws -> (library: LibraryFolder, sha256: String) {
        let fm = FileManager.default
        var packDigest: String?
        switch self {
        case .folder(let path):
            let source = try LibraryFolder.open(path)
            // What a pack of it would hold, so a folder and its pack install the same files.
            for file in try LibraryPack.files(source) {
                let target = folder + "/" + file
                try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try fm.copyItem(atPath: source.path + "/" + file, toPath: target)
            }
        case .pack(let path):
            guard let data = fm.contents(atPath: path) else { throw LibraryError("cannot read the pack \(path)") }
            packDigest = FileDigest.hex([UInt8](data))
            try LibraryPack.extract([UInt8](data), into: folder)
        case .git(let url, let ref):
            var arguments = ["clone", "--quiet", "--depth", "1"]
            if let ref { arguments += ["--branch", ref] }
            // A local path is given as file:// so that --depth applies to it too.
            let isLocal = !url.contains("://") && !url.contains("@") && fm.fileExists(atPath: url)
            arguments += ["--", isLocal ? "file://" + Workspace.absolute(url) : url, folder]
            try Self.git(arguments, describing: url + (ref.map { "@" + $0 } ?? ""))
            try? fm.removeItem(atPath: folder + "/.git")
        }
        guard fm.fileExists(atPath: folder + "/" + LibraryManifest.fileName) else {
            throw LibraryError("\(description) holds no \(LibraryManifest.fileName) at its top; it is not a rule library")
        }
        let library = try LibraryFolder.open(folder)
        return (library, try packDigest ?? FileDigest.hex(LibraryPack.archive(library)))
    }

    static func git(_ arguments: [String], describing source: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"          // never wait for a password
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LibraryError("cannot fetch \(source) with git: \(String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// SOURCE as the lock records it: folders, packs and local repositories made absolute,
    /// so that `pmo lib update` finds them from anywhere.
    public var recorded: String {
        switch self {
        case .folder(let p), .pack(let p): return Workspace.absolute(p)
        case .git(let url, let ref):
            let local = !url.contains("://") && !url.contains("@") && FileManager.default.fileExists(atPath: url)
            return (local ? Workspace.absolute(url) : url) + (ref.map { "@" + $0 } ?? "")
        }
    }

    /// SOURCE as the user wrote it, for messages.
    public var description: String {
        switch self {
        case .folder(let p), .pack(let p): return p
        case .git(let url, let ref): return url + (ref.map { "@" + $0 } ?? "")
        }
    }
}
