import LuaKit

/// Runs the REPL's own Lua (Lua/*.lua, compiled into the binary by the EmbedLua plugin as
/// `EmbeddedLua`), and a host's, given its source and chunk name.
public enum REPLEmbeddedLua {
    /// Loads an embedded chunk and calls it with `arguments`; returns what it returns.
    @discardableResult
    static func run(_ chunk: EmbeddedLua.Chunk, in lua: LuaState,
                    arguments: [LuaPushable] = []) throws -> [LuaValue] {
        try lua.load(chunk.source, name: chunk.name).call(arguments: arguments)
    }

    /// Loads an embedded module and calls it with `arguments`; returns the module's table.
    static func load(_ chunk: EmbeddedLua.Chunk, in lua: LuaState,
                     arguments: [LuaPushable] = []) throws -> LuaTable {
        try load(source: chunk.source, name: chunk.name, in: lua, arguments: arguments)
    }

    /// Loads the module `source` (chunk name `name`) and calls it with `arguments`; returns
    /// the module's table.
    public static func load(source: String, name: String, in lua: LuaState,
                            arguments: [LuaPushable] = []) throws -> LuaTable {
        let results = try lua.load(source, name: name).call(arguments: arguments)
        guard let table = results.first?.tableValue else {
            throw LuaError(kind: .runtime, message: "embedded chunk \(name.dropFirst()) returned no table")
        }
        return table
    }

    /// Makes `require(name)` return `module` (so users can reach the REPL's printer options).
    static func preload(_ module: LuaTable, as name: String, in lua: LuaState) throws {
        guard let package = lua.global("package").tableValue,
              let loaded = package["loaded"].tableValue else { return }
        loaded.rawset(name, module)
    }
}
