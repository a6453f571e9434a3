import Foundation
import LuaKit

/// Remembers which file each loaded module came from and when it changed, for `:reload`.
final class REPLModuleWatch {
    private let session: REPLSession
    /// module name -> (file, modification date when first seen loaded)
    private var known: [String: (path: String, modified: Date)] = [:]
    private let locate: LuaFunction?
    private let reload: LuaFunction?

    init(session: REPLSession) {
        self.session = session
        // Lua/repl.lua's functions, run protected: package.searchpath only, never require.
        let repl = try? REPLEmbeddedLua.load(EmbeddedLua.repl, in: session.lua)
        locate = repl?["loaded_files"].functionValue
        reload = repl?["reload"].functionValue
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
        guard let again = reload else { return ([], []) }
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
