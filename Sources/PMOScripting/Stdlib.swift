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
        let searcher = try lua.load(#"""
            local sources, chunkname = ...
            table.insert(package.searchers, 2, function(name)
              local file = sources[name] and name or (sources[name .. ".init"] and name .. ".init")
              -- Only the pmo namespace is the stdlib's to speak of: for any other name require's
              -- message stays Lua's own.
              if not file then
                if name == "pmo" or name:sub(1, 4) == "pmo." then return "no embedded module '" .. name .. "'" end
                return nil
              end
              local f, err = load(sources[file], chunkname(file), "t")
              if not f then error(err, 2) end
              return f, ":embedded:" .. name
            end)
            """#, name: "=(stdlib)")
        let chunkName = LuaFunctionValue(name: "chunkname") { call in
            call.push(Stdlib.chunkName(of: try call.argument(1, as: String.self)))
            return 1
        }
        try searcher.call(modules, chunkName)
    }
}
