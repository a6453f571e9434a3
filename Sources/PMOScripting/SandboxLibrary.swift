import Foundation

/// A rule library as the sandbox sees it: a module namespace and the directory holding it.
///
/// Inside the sandbox the library's `require` reaches only `root` and `root.*` (plus the
/// embedded `pmo.*` modules): `require("acme.delivery.spi")` loads `directory/spi.lua` or
/// `directory/spi/init.lua`, and `require("acme.delivery")` loads `directory/init.lua`.
///
/// ```swift
/// let lib = SandboxLibrary(root: "acme.delivery", directory: "/opt/pmo/libs/acme-delivery")
/// ```
public struct SandboxLibrary: Codable, Sendable, Equatable {
    /// The module namespace, dotted ("acme.delivery").
    public var root: String
    /// The directory that holds `root`'s modules.
    public var directory: String
    /// The library's own limits (a run may still override them); nil for the defaults.
    public var limits: SandboxLimits?
    /// The library's modules, read by the parent (`loadingSources`), by module name: the
    /// sandbox worker cannot open files once its seccomp filter is on, so its `require` reads
    /// these. Nil: `require` reads `directory` (the in-process `Sandbox`).
    public var sources: [String: ModuleSource]?

    /// One module's text, or why it cannot be loaded, and the path it was read from.
    public struct ModuleSource: Codable, Sendable, Equatable {
        /// The file's bytes; nil when it was refused.
        public var bytes: Data?
        /// The real path it was read from.
        public var path: String
        /// Why it was refused (outside the directory, too large).
        public var refusal: String?
    }

    /// A library whose modules `root` and `root.*` live in `directory`.
    public init(root: String, directory: String, limits: SandboxLimits? = nil) {
        self.root = root
        self.directory = directory
        self.limits = limits
    }

    /// Whether `name` is a well-formed dotted module name: letters, digits and `_`, no empty
    /// part. This alone rules out `..`, `/` and absolute paths.
    public static func isModuleName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
            }
        }
    }

    /// The source of module `name` and the path it was read from, refusing names outside the
    /// namespace, and files whose real path (symlinks resolved) leaves the real directory.
    public func source(of name: String, maxBytes: Int) throws -> (bytes: [UInt8], path: String) {
        guard SandboxLibrary.isModuleName(name) else {
            throw SandboxError(kind: .refused, message: "bad module name '\(name)': use dotted names of letters, digits and _")
        }
        guard name == root || name.hasPrefix(root + ".") else {
            throw SandboxError(kind: .refused, message: "module '\(name)' is outside this library's namespace '\(root)'")
        }
        if let sources {
            guard let found = sources[name] else {
                throw SandboxError(kind: .refused, message: "module '\(name)' not found in \(directory)")
            }
            guard let bytes = found.bytes else {
                throw SandboxError(kind: .refused, message: found.refusal ?? "module '\(name)' cannot be read")
            }
            guard bytes.count <= maxBytes else {
                throw SandboxError(kind: .refused, message: "module '\(name)' is \(bytes.count) bytes, more than the \(maxBytes) allowed")
            }
            return (Array(bytes), found.path)
        }
        guard let base = realPath(directory) else {
            throw SandboxError(kind: .refused, message: "library directory \(directory) does not exist")
        }
        let rest = name == root ? [] : name.dropFirst(root.count + 1).split(separator: ".").map(String.init)
        var candidates: [String] = []
        if !rest.isEmpty { candidates.append(base + "/" + rest.joined(separator: "/") + ".lua") }
        candidates.append(([base] + rest + ["init.lua"]).joined(separator: "/"))
        for candidate in candidates {
            guard let real = realPath(candidate) else { continue }
            guard real.hasPrefix(base + "/") else {
                throw SandboxError(kind: .refused, message: "module '\(name)' resolves to \(real), outside the library directory \(base)")
            }
            var info = stat()
            guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            guard Int(info.st_size) <= maxBytes else {
                throw SandboxError(kind: .refused, message: "module '\(name)' is \(info.st_size) bytes, more than the \(maxBytes) allowed")
            }
            guard let data = FileManager.default.contents(atPath: real) else {
                throw SandboxError(kind: .refused, message: "cannot read module '\(name)' at \(real)")
            }
            return (Array(data.prefix(maxBytes)), real)
        }
        throw SandboxError(kind: .refused, message: "module '\(name)' not found in \(base) (tried \(candidates.joined(separator: ", ")))")
    }

    /// The same library with every module under `directory` read into `sources` (each checked
    /// as `source(of:maxBytes:)` checks it), so that a worker behind its seccomp filter, which
    /// cannot open files, can load them.
    public func loadingSources(maxBytes: Int) -> SandboxLibrary {
        var copy = self
        copy.sources = [:]
        guard let base = realPath(directory),
              let walker = FileManager.default.enumerator(atPath: base) else { return copy }
        var names: [String] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".lua") else { continue }
            var parts = relative.dropLast(4).split(separator: "/").map(String.init)
            if parts.last == "init" { parts.removeLast() }
            let name = ([root] + parts).joined(separator: ".")
            if SandboxLibrary.isModuleName(name) { names.append(name) }
        }
        var plain = self
        plain.sources = nil
        for name in Set(names) {
            do {
                let (bytes, path) = try plain.source(of: name, maxBytes: maxBytes)
                copy.sources?[name] = ModuleSource(bytes: Data(bytes), path: path, refusal: nil)
            } catch let e as SandboxError {
                copy.sources?[name] = ModuleSource(bytes: nil, path: "", refusal: e.message)
            } catch {
                copy.sources?[name] = ModuleSource(bytes: nil, path: "", refusal: "\(error)")
            }
        }
        return copy
    }

    private func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
