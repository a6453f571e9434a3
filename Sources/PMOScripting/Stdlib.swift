import Foundation
import LuaKit

/// The Lua standard library shipped inside the binary (`stdlib/pmo/**/*.lua`).
///
/// ```swift
/// try Stdlib.install(in: lua)          // then Lua can `require "pmo.evm"`
/// ```
public enum Stdlib {
    /// Module name ("pmo.evm") to source text.
    public static var modules: [String: String] { EmbeddedStdlib.modules }

    /// The chunk name errors and tracebacks show for an embedded module.
    public static func chunkName(of module: String) -> String {
        "@stdlib/" + module.replacingOccurrences(of: ".", with: "/") + ".lua"
    }

    /// Adds a `package.searchers` entry, right after `package.preload`, that finds embedded
    /// modules; files on `package.path` still come after it. Needs the `package` library.
    public static func install(in lua: LuaState) throws {
        // Lua/stdlib_searcher.lua
        let searcher = try lua.load(EmbeddedLua.stdlib_searcher.source, name: EmbeddedLua.stdlib_searcher.name)
        let chunkName = LuaFunctionValue(name: "chunkname") { call in
            call.push(Stdlib.chunkName(of: try call.argument(1, as: String.self)))
            return 1
        }
        try searcher.call(modules, chunkName)
    }
}
