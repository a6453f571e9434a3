import Foundation
import LuaKit
import PMOScripting

/// Loads rule libraries into a trusted Lua state (one with `pmo` installed): a `require`
/// searcher that finds a library's modules only under its roots, and a load of every module
/// that refuses a KPI or rule id outside the library's roots.
///
/// With `digests` (from the lock file), every module's bytes are checked against the SHA-256
/// recorded at install before they are compiled; a changed file is refused, naming it.
///
/// ```swift
/// let runtime = LibraryRuntime(libraries: [try LibraryFolder.open("acme-delivery")])
/// try runtime.install(in: lua)      // then require("acme.delivery.kpis") works
/// try runtime.loadAll(in: lua)      // and its KPIs are defined
/// ```
public struct LibraryRuntime {
    /// The libraries, in load order.
    public var libraries: [LibraryFolder]
    /// Library name to (relative path to SHA-256); a library absent here is not verified.
    public var digests: [String: [String: String]]

    /// Creates a runtime.
    public init(libraries: [LibraryFolder], digests: [String: [String: String]] = [:]) {
        self.libraries = libraries
        self.digests = digests
    }

    /// The library that owns module `name`, and the root it falls under.
    func owner(of name: String) -> (LibraryFolder, String)? {
        for lib in libraries {
            for root in lib.manifest.roots where name == root || name.hasPrefix(root + ".") { return (lib, root) }
        }
        return nil
    }

    /// Reads module `name`, checked against the lock. Returns source and chunk name, or nil
    /// and why not (for `require`'s message); throws for a file that does not match the lock.
    func source(of name: String) throws -> (bytes: [UInt8], chunk: String)? {
        guard let (lib, root) = owner(of: name) else { return nil }
        let sandboxView = SandboxLibrary(root: root, directory: lib.directory(of: root))
        let (bytes, real) = try sandboxView.source(of: name, maxBytes: SandboxLimits().sourceBytes)
        let base = URL(fileURLWithPath: lib.path).resolvingSymlinksInPath().path
        let relative = real.hasPrefix(base + "/") ? String(real.dropFirst(base.count + 1)) : real
        if let expected = digests[lib.manifest.name] {
            guard let sha = expected[relative] else {
                throw LibraryError("library '\(lib.manifest.name)': \(relative) is not in the lock file pmo.lock.lua; refusing to load it (reinstall it with `pmo lib update \(lib.manifest.name)`)")
            }
            guard FileDigest.hex(bytes) == sha else {
                throw LibraryError("library '\(lib.manifest.name)': \(relative) was changed since it was installed (its SHA-256 differs from pmo.lock.lua); refusing to load it. Reinstall it with `pmo lib update \(lib.manifest.name)`")
            }
        }
        return (bytes, "@" + lib.manifest.name + "/" + relative)
    }

    /// The searcher's answer for module `name`: its source and chunk name, or nil and why not.
    public func find(_ name: String, for call: LuaCall) throws -> Int32 {
        do {
            // A module no installed library owns: nothing to add to require's message.
            guard let (bytes, chunk) = try source(of: name) else { return call.returning(LuaValue.nil) }
            call.push(LuaString(bytes: bytes))
            call.push(chunk)
            return 2
        } catch let e as LibraryError {
            throw LuaRaise.message(e.description)
        } catch let e as SandboxError {
            return call.returning(LuaValue.nil, e.message)
        } catch let e as LuaRaise {
            throw e
        } catch {
            throw LuaRaise.message(String(describing: error))
        }
    }

    /// Adds the searcher to `package.searchers`, right after the embedded stdlib's.
    public func install(in lua: LuaState) throws {
        let find = LuaFunctionValue(name: "find") { call in
            try self.find(try call.argument(1, as: String.self), for: call)
        }
        let searcher = try lua.load(EmbeddedLua.library_searcher.source, name: EmbeddedLua.library_searcher.name)
        try searcher.call(find)
    }

    /// Loads every module of every library (needs `install(in:)` first). Throws `LuaError`.
    public func loadAll(in lua: LuaState) throws {
        let f = try lua.load(EmbeddedLua.library_loader.source, name: EmbeddedLua.library_loader.name)
        for lib in libraries {
            try f.call(lib.manifest.name, lib.manifest.roots, lib.modules())
        }
    }
}
