import Foundation
import PMOWorkspace

/// The rule libraries of a workspace: installed into `libs/NAME/`, recorded in `pmo.lock.lua`
/// (exact version, source, SHA-256 of every file) and in `pmo.config.lua`'s `libraries`
/// (untrusted until the analyst says otherwise).
///
/// ```swift
/// let libs = LibraryInstaller(workspace: workspace)
/// let entry = try libs.install(.parse("../acme-delivery-1.2.0.tar.gz"))
/// try libs.verify(entry.name)          // throws, naming each changed file
/// ```
public struct LibraryInstaller {
    /// The workspace.
    public let workspace: Workspace

    /// Creates an installer for `workspace`.
    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// `libs/`.
    public var libsFolder: String { workspace.path("libs") }
    /// `pmo.lock.lua`.
    public var lockPath: String { workspace.path(LockFile.fileName) }
    /// The folder of library `name`.
    public func folder(of name: String) -> String { libsFolder + "/" + name }

    /// The lock as it is on disk.
    public func lock() throws -> LockFile { try LockFile.load(path: lockPath) }

    /// The installed libraries, in lock order (by name).
    public func installed() throws -> [LibraryFolder] {
        try lock().libraries.map { try LibraryFolder.open(folder(of: $0.name)) }
    }

    /// Installs (or replaces) the library at `source`; refuses a conflict. Returns its lock entry.
    @discardableResult
    public func install(_ source: LibrarySource) throws -> LockFile.Entry {
        try install(source, fetched: nil)
    }

    /// Installs from `source`, or from `fetched` (a folder under libs/ that `source` was
    /// already fetched into, with its release SHA-256), which it moves into place.
    private func install(_ source: LibrarySource, fetched: (folder: String, sha256: String)?) throws -> LockFile.Entry {
        let fm = FileManager.default
        let hadLibs = fm.fileExists(atPath: libsFolder)
        do {
            return try installing(source, fetched: fetched)
        } catch {
            // A failed first install leaves the workspace as it was: no empty libs/.
            if !hadLibs, (try? fm.contentsOfDirectory(atPath: libsFolder))?.isEmpty == true {
                try? fm.removeItem(atPath: libsFolder)
            }
            throw error
        }
    }

    private func installing(_ source: LibrarySource, fetched: (folder: String, sha256: String)?) throws -> LockFile.Entry {
        let fm = FileManager.default
        try fm.createDirectory(atPath: libsFolder, withIntermediateDirectories: true)
        let incoming = fetched?.folder ?? libsFolder + "/.incoming-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? fm.removeItem(atPath: incoming) }
        let library: LibraryFolder, sha256: String
        if let fetched {
            (library, sha256) = (try LibraryFolder.open(fetched.folder), fetched.sha256)
        } else {
            (library, sha256) = try source.fetchRelease(into: incoming)
        }
        let manifest = library.manifest
        guard manifest.name != "pmo" else {
            throw LibraryError("the pmo standard library is built into pmo; it cannot be installed")
        }
        var lock = try lock()
        try LibraryResolver(installed: try installed().map(\.manifest)).check(manifest)
        var files: [String: String] = [:]
        for file in try library.files() {
            guard let data = fm.contents(atPath: incoming + "/" + file) else { throw LibraryError("cannot read \(file) of \(source)") }
            files[file] = FileDigest.hex([UInt8](data))
        }
        let entry = LockFile.Entry(name: manifest.name, version: manifest.version, source: source.recorded,
                                   sha256: sha256, files: files)
        let target = folder(of: manifest.name)
        let previous = incoming + ".previous"
        if fm.fileExists(atPath: target) { try fm.moveItem(atPath: target, toPath: previous) }
        defer { try? fm.removeItem(atPath: previous) }
        try fm.moveItem(atPath: incoming, toPath: target)
        lock.set(entry)
        try lock.write(to: lockPath)
        try ConfigLibraryEntries.update(path: workspace.configPath) {
            ConfigLibraryEntries.setting(WorkspaceConfig.Library(
                name: entry.name, version: entry.version.description, source: entry.source,
                sha256: entry.sha256, trust: .sandboxed), in: $0)
        }
        return entry
    }

    /// Removes library `name`: its folder, lock entry and config entry. Refuses while another
    /// installed library depends on it.
    public func remove(_ name: String) throws {
        var lock = try lock()
        guard lock.entry(name) != nil else { throw notInstalled(name, lock) }
        let dependents = LibraryResolver(installed: try installed().map(\.manifest)).dependents(of: name)
        guard dependents.isEmpty else {
            throw LibraryError("cannot remove \(name): \(dependents.joined(separator: ", ")) depend\(dependents.count == 1 ? "s" : "") on it; remove \(dependents.count == 1 ? "it" : "them") first")
        }
        try FileManager.default.removeItem(atPath: folder(of: name))
        lock.libraries.removeAll { $0.name == name }
        try lock.write(to: lockPath)
        try ConfigLibraryEntries.update(path: workspace.configPath) { ConfigLibraryEntries.removing(name, from: $0) }
    }

    /// What differs between library `name` on disk and its lock entry: each changed, missing
    /// or added file, named. Empty when it matches.
    public func problems(_ name: String) throws -> [String] {
        let lock = try lock()
        guard let entry = lock.entry(name) else { throw notInstalled(name, lock) }
        let base = folder(of: name)
        guard FileManager.default.fileExists(atPath: base) else { return ["libs/\(name)/ is missing"] }
        var out: [String] = []
        let present = try LibraryFolder.files(in: base)
        for file in entry.files.keys.sorted() {
            guard let data = FileManager.default.contents(atPath: base + "/" + file) else {
                out.append("libs/\(name)/\(file) is missing")
                continue
            }
            if FileDigest.hex([UInt8](data)) != entry.files[file] { out.append("libs/\(name)/\(file) was changed since it was installed (SHA-256 differs from \(LockFile.fileName))") }
        }
        for file in present where entry.files[file] == nil { out.append("libs/\(name)/\(file) was added since it was installed (not in \(LockFile.fileName))") }
        return out
    }

    /// Throws a `LibraryError` naming every file of library `name` that differs from the lock.
    public func verify(_ name: String) throws {
        let found = try problems(name)
        guard found.isEmpty else {
            throw LibraryError("library \(name) does not match \(LockFile.fileName); refusing to load it:\n  " + found.joined(separator: "\n  ") + "\nreinstall it with `pmo lib update \(name)`")
        }
    }

    /// Reinstalls library `name` from its recorded source when that holds a newer version, or
    /// when the installed files no longer match the lock (changed, missing, added: what
    /// `verify` refuses) and the source still holds the very release the lock records (same
    /// version and, when the lock has it, the same SHA-256). Returns the new entry, or nil
    /// when the installed one is the newest and intact.
    public func update(_ name: String) throws -> LockFile.Entry? {
        let lock = try lock()
        guard let entry = lock.entry(name) else { throw notInstalled(name, lock) }
        let damaged = !(try problems(name)).isEmpty
        let source = LibrarySource.parse(entry.source)
        try FileManager.default.createDirectory(atPath: libsFolder, withIntermediateDirectories: true)
        let probe = libsFolder + "/.probe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: probe) }
        let fetched: (library: LibraryFolder, sha256: String)
        do {
            fetched = try source.fetchRelease(into: probe)
        } catch let e as LibraryError where damaged {
            throw LibraryError("\(e.description)\nlibs/\(name)/ does not match \(LockFile.fileName) and its recorded source cannot mend it; reinstall it with `pmo lib install SOURCE`")
        }
        let available = fetched.library.manifest
        guard available.name == name else {
            throw LibraryError("\(entry.source) now holds \(available.name), not \(name); install it by name or remove \(name)")
        }
        if available.version > entry.version { return try install(source, fetched: (probe, fetched.sha256)) }
        guard damaged else { return nil }
        guard available.version == entry.version else {
            throw LibraryError("libs/\(name)/ does not match \(LockFile.fileName), and \(entry.source) now holds \(name) \(available.version), older than the \(entry.version) installed; reinstall it with `pmo lib install SOURCE`")
        }
        if let recorded = entry.sha256, recorded != fetched.sha256 {
            throw LibraryError("libs/\(name)/ does not match \(LockFile.fileName), and \(entry.source) now holds another \(name) \(entry.version) (SHA-256 \(fetched.sha256), the lock records \(recorded)); refusing to put it in place of the release installed. Install it deliberately with `pmo lib install \(entry.source)`")
        }
        return try install(source, fetched: (probe, fetched.sha256))
    }

    /// The installed libraries for `pmo check`, each verified whole against the lock first
    /// (changed, missing or added files are refused, named): those the config trusts as a
    /// runtime for the check's own state (which checks each module again as it reads it), the
    /// others as sandboxed checks on `store`.
    public func loaders(store: String) throws -> (trusted: LibraryRuntime, sandboxed: [SandboxedLibraryCheck]) {
        let lock = try lock()
        var trusted: [LibraryFolder] = [], sandboxed: [SandboxedLibraryCheck] = []
        for entry in lock.libraries {
            try verify(entry.name)
            let library = try LibraryFolder.open(folder(of: entry.name))
            let trust = workspace.config.libraries.first { $0.name == entry.name }?.trust ?? .sandboxed
            if trust == .trusted {
                trusted.append(library)
            } else {
                sandboxed.append(SandboxedLibraryCheck(library: library, store: store, ceiling: workspace.config.sandboxCeiling))
            }
        }
        let digests = Dictionary(uniqueKeysWithValues: lock.libraries.map { ($0.name, $0.files) })
        return (LibraryRuntime(libraries: trusted, digests: digests), sandboxed)
    }

    func notInstalled(_ name: String, _ lock: LockFile) -> LibraryError {
        let names = lock.libraries.map(\.name)
        return LibraryError("no library \(name) is installed in this workspace\(names.isEmpty ? "" : "; installed: " + names.joined(separator: ", "))")
    }
}
