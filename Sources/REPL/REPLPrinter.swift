import LuaKit

/// The REPL's pretty printer: Swift's handle on Lua/pretty.lua, which does the formatting in
/// Lua (under protected calls) so that `__index`, `__tostring` and summaries never run with
/// Swift frames on the stack. Users reach the same module by the name the host gives it
/// (`require "pmo.pretty"` in pmo, `REPLIdentity.printerModule`), e.g. to set `options.depth`.
public final class REPLPrinter {
    /// pretty.lua's module table (a host's summaries register with it).
    public let module: LuaTable
    private let results: LuaFunction
    private let register: LuaFunction

    /// Loads the printer into `lua`, where `require(moduleName)` returns it.
    public init(lua: LuaState, moduleName: String = REPLIdentity.plain.printerModule) throws {
        module = try REPLEmbeddedLua.load(EmbeddedLua.pretty, in: lua)
        guard let results = module["results"].functionValue,
              let register = module["register"].functionValue else {
            throw LuaError(kind: .runtime, message: "the printer (pretty.lua) lacks results or register")
        }
        self.results = results
        self.register = register
        try REPLEmbeddedLua.preload(module, as: moduleName, in: lua)
    }

    /// Makes `require(moduleName)` in `lua` load the printer the REPL uses, on first use,
    /// with the domain's summaries registered when they are given (`summaries`: a chunk's
    /// source and name, called with the printer's module, as a host's `prepare` would):
    /// scripts (those `:save` writes among them) print values exactly as the REPL does.
    /// Only the sources are handed over: a script that never requires the printer does not
    /// pay for compiling it (about 0.2 ms per run in a debug build).
    public static func preload(in lua: LuaState, as moduleName: String = REPLIdentity.plain.printerModule,
                               summaries: (source: String, name: String)? = nil) throws {
        let pretty = EmbeddedLua.pretty
        try REPLEmbeddedLua.run(EmbeddedLua.pretty_preload, in: lua, arguments: [
            moduleName, pretty.source, pretty.name, summaries?.source, summaries?.name])
    }

    /// The text of the values, as the REPL prints results.
    public func format(_ values: [LuaValue]) throws -> String {
        try results.call(arguments: values).first?.stringValue ?? ""
    }

    /// Makes values with metatable `metatable` print as `summary(value)` (a one-line string),
    /// and lists of them as a table of `columns`.
    public func registerSummary(metatable: LuaTable, summary: LuaFunction, columns: [String]? = nil) throws {
        if let columns {
            try register.call(metatable, summary, columns)
        } else {
            try register.call(metatable, summary)
        }
    }

    /// Sets the screen width results are laid out for when `options.width` is nil (the
    /// default): the terminal's width, read before each result. nil restores the default, 96.
    public func setScreenWidth(_ columns: Int?) {
        module.rawset("screen", columns ?? Self.defaultScreenWidth)
    }

    /// The width results are laid out for when nothing says otherwise (pretty.lua's too).
    public static let defaultScreenWidth = 96

    /// Sets a printing option (`depth`, `items`, `rows`, `width`, `columns`).
    public func setOption(_ name: String, _ value: Int) {
        guard let options = module["options"].tableValue else { return }
        options.rawset(name, value)
    }
}
