import Foundation
import LuaKit

/// Remembers which file each loaded module came from and when it changed, for `:reload`.
final class REPLModuleWatch {
    private let session: REPLSession
    /// module name -> (file, modification date when first seen loaded)
    private var known: [String: (path: String, modified: Date)] = [:]
    private let locate: LuaFunction?

    init(session: REPLSession) {
        self.session = session
        // Runs in Lua (protected): package.searchpath only, never require. The standard
        // libraries are skipped: a stray ./table.lua must never replace `table` on :reload.
        locate = try? session.lua.load("""
            local standard = { _G = true, package = true, coroutine = true, table = true, io = true,
              os = true, string = true, math = true, utf8 = true, debug = true }
            local out = {}
            if type(package) ~= "table" or not package.searchpath then return out end
            for name in pairs(package.loaded) do
              if type(name) == "string" and not standard[name] then
                local path = package.searchpath(name, package.path)
                if path then out[name] = path end
              end
            end
            return out
            """, name: "=pmo.reload")
        noteLoaded()
    }

    private func loadedFiles() -> [String: String] {
        guard let t = (try? locate?.call())??.first?.tableValue else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in t.pairs { if let k = k.stringValue, let v = v.stringValue { out[k] = v } }
        return out
    }

    private func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// Records modules loaded since the last call.
    func noteLoaded() {
        for (name, path) in loadedFiles() where known[name] == nil {
            if let m = modified(path) { known[name] = (path, m) }
        }
    }

    /// Requires again every module whose file changed. Returns those reloaded and the failures.
    func reloadChanged() -> ([String], [(String, LuaError)]) {
        var reloaded: [String] = [], failures: [(String, LuaError)] = []
        guard let again = try? session.lua.load(
            "local name = ... package.loaded[name] = nil return require(name)", name: "=pmo.reload")
        else { return ([], []) }
        for (name, entry) in known.sorted(by: { $0.key < $1.key }) {
            guard let now = modified(entry.path), now != entry.modified else { continue }
            switch session.call(again, arguments: [name]) {
            case .values:
                reloaded.append(name)
                known[name] = (entry.path, now)
            case .failed(let e):
                failures.append((name, e))
            }
        }
        return (reloaded, failures)
    }
}
