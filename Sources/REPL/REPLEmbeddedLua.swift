import LuaKit

/// Runs the Workbench's own Lua (Lua/*.lua, compiled into the binary by the EmbedLua plugin as
/// `EmbeddedLua`).
enum REPLEmbeddedLua {
    /// Loads an embedded chunk and calls it with `arguments`; returns what it returns.
    @discardableResult
    static func run(_ chunk: EmbeddedLua.Chunk, in lua: LuaState,
                    arguments: [LuaPushable] = []) throws -> [LuaValue] {
        try lua.load(chunk.source, name: chunk.name).call(arguments: arguments)
    }

    /// Loads an embedded module and calls it with `arguments`; returns the module's table.
    static func load(_ chunk: EmbeddedLua.Chunk, in lua: LuaState,
                     arguments: [LuaPushable] = []) throws -> LuaTable {
        let results = try run(chunk, in: lua, arguments: arguments)
        guard let table = results.first?.tableValue else {
            throw LuaError(kind: .runtime, message: "embedded chunk \(chunk.name.dropFirst()) returned no table")
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
