import LuaKit

/// The REPL's Lua modules, compiled into the binary (Package.swift embeds Lua/*.lua).
enum REPLEmbeddedLua {
    /// Loads an embedded module and calls it with `arguments`; returns the module's table.
    static func load(_ bytes: [UInt8], name: String, in lua: LuaState,
                     arguments: [LuaPushable] = []) throws -> LuaTable {
        let results = try run(bytes, name: name, in: lua, arguments: arguments)
        guard let table = results.first?.tableValue else {
            throw LuaError(kind: .runtime, message: "embedded module \(name) returned no table")
        }
        return table
    }

    /// Loads an embedded chunk and calls it with `arguments`; returns what it returns.
    @discardableResult
    static func run(_ bytes: [UInt8], name: String, in lua: LuaState,
                    arguments: [LuaPushable] = []) throws -> [LuaValue] {
        try lua.load(bytes: bytes, name: "=" + name).call(arguments: arguments)
    }

    /// Makes `require(name)` return `module` (so users can reach the REPL's printer options).
    static func preload(_ module: LuaTable, as name: String, in lua: LuaState) throws {
        guard let package = lua.global("package").tableValue,
              let loaded = package["loaded"].tableValue else { return }
        loaded.rawset(name, module)
    }
}
