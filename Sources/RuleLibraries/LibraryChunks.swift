import LuaKit

/// The library chunks that Workbench's check definitions load as well
/// (Check/SessionDefinitions.swift): this target's Lua, handed over compiled.
public enum LibraryChunks {
    /// library_searcher.lua compiled in `lua`: called with a `find` function, it adds the
    /// trusted libraries' searcher to `package.searchers`.
    public static func searcher(in lua: LuaState) throws -> LuaFunction {
        try lua.load(EmbeddedLua.library_searcher.source, name: EmbeddedLua.library_searcher.name)
    }

    /// library_loader.lua compiled in `lua`: called with a library's name, roots and modules,
    /// it loads them.
    public static func loader(in lua: LuaState) throws -> LuaFunction {
        try lua.load(EmbeddedLua.library_loader.source, name: EmbeddedLua.library_loader.name)
    }
}
