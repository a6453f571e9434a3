import Foundation
import LuaKit
import PMOModel
import PMOScripting
import REPL

/// Runs Lua scripts the way the stock `lua` interpreter does: `arg` with the script at index 0,
/// the arguments as `...`, `os.exit(n)` as the exit status, and an uncaught error printed with
/// its traceback on stderr (exit status 1).
public struct ScriptRunner {
    /// The name printed before error messages, as `lua.c` prints its progname.
    public var programName = "pmo"
    /// The store the `pmo` module reads; nil runs plain Lua.
    public var session: PMOSession?
    /// The date `pmo.asof()` starts at (the workspace's `asof`); nil for "now".
    public var asof: Day?
    /// Where a report the script produces goes (`pmo run --format/--output`).
    public var report = ReportOutput()
    /// The KPIs and rules of the workspace beyond the standard ones (libraries, rule files),
    /// there on the script's first use of `pmo.kpi`; nil: the standard ones only.
    public var definitions: SessionDefinitions?

    /// A runner on a session (nil: plain Lua, no `pmo` module).
    public init(session: PMOSession? = nil, asof: Day? = nil) {
        self.session = session
        self.asof = asof
    }

    /// A runner on a command's store, starting at its as-of date; on the demo portfolio it
    /// says so when the script first touches it. Throws `StoreError` when the store file is
    /// missing or unreadable.
    public init(context: WorkContext) throws {
        self.init(session: try context.openedSession(announcingDemo: true), asof: context.asof)
        definitions = SessionDefinitions(context: context)
    }

    /// Where the chunk comes from.
    public enum Source {
        case file(String)
        case standardInput
        case code(String)
    }

    /// Runs a chunk in a fresh state with the full standard library. Returns the exit status.
    public func run(_ source: Source, arguments: [String], printResults: Bool = false) -> Int32 {
        do {
            let lua = try LuaState()
            if let session {
                try session.install(in: lua)
                try definitions?.install(in: lua, today: session.today?.description)
                if let asof { try PMOREPLHost.function("asof", in: lua).call(asof.description) }
            }
            try REPLPrinter.preload(in: lua, as: PMOREPLHost.identity.printerModule,
                                    summaries: session != nil ? (EmbeddedLua.summaries.source, EmbeddedLua.summaries.name) : nil)
            return run(source, arguments: arguments, in: lua, printResults: printResults)
        } catch {
            report(error)
            return ExitStatus.scriptError
        }
    }

    /// Runs a chunk in a prepared state. Returns the exit status.
    public func run(_ source: Source, arguments: [String], in lua: LuaState, printResults: Bool = false) -> Int32 {
        do {
            let (bytes, chunkName, scriptName) = try chunk(of: source)
            setArgTable(lua, script: scriptName, arguments: arguments)
            let f: LuaFunction
            if case .code = source, printResults, let expr = try? lua.load(bytes: Array("return ".utf8) + bytes, name: chunkName) {
                f = expr
            } else {
                f = try lua.load(bytes: bytes, name: chunkName)
            }
            let results = try f.callAsScript(arguments: arguments)
            // `pmo eval` prints its results already, a report by its __tostring: once is enough.
            if !printResults { try report.write(firstResult: results.first ?? .nil, in: lua) }
            if printResults, !results.isEmpty {
                // As the REPL prints them (records as tables, figures in their units), except
                // that a string prints as it is, unquoted, as `print` would: what a shell script
                // using `pmo eval` wants.
                let printer = try REPLPrinter(lua: lua, moduleName: PMOREPLHost.identity.printerModule)
                // Laid out for the terminal, COLUMNS or 96 columns, as the REPL does.
                printer.setScreenWidth(Terminal.columns(Terminal.standardOutput))
                if session != nil { try PMOREPLHost.registerSummaries(lua: lua, printer: printer) }
                let texts = try results.map { v -> String in
                    if case .string(let s) = v { return String(decoding: s.bytes, as: UTF8.self) }
                    return try printer.format([v])
                }
                print(texts.joined(separator: texts.contains { $0.contains("\n") } ? "\n" : "\t"))
            }
            return ExitStatus.ok
        } catch {
            report(error)
            return ExitStatus.scriptError
        }
    }

    func chunk(of source: Source) throws -> ([UInt8], String, String) {
        switch source {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LuaError(kind: .runtime, message: "cannot open \(path)")
            }
            return (LuaSourceText.skippingShebang(Array(data)), "@" + path, path)
        case .standardInput:
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return (LuaSourceText.skippingShebang(Array(data)), "=stdin", "-")
        case .code(let code):
            return (Array(code.utf8), "=(command line)", "")
        }
    }

    /// `arg`: the script at 0, the interpreter before it, the arguments from 1.
    func setArgTable(_ lua: LuaState, script: String, arguments: [String]) {
        var table: [Int: String] = [-1: CommandLine.arguments.first ?? programName, 0: script]
        for (i, a) in arguments.enumerated() { table[i + 1] = a }
        lua.setGlobal("arg", table)
    }

    func report(_ error: Error) {
        let text: String
        if let e = error as? LuaError {
            text = e.description
        } else {
            text = String(describing: error)
        }
        FileHandle.standardError.write(Data("\(programName): \(text)\n".utf8))
    }
}

/// The exit statuses every `pmo` command uses.
public enum ExitStatus {
    public static let ok: Int32 = 0
    /// A script failed, or a KPI breached.
    public static let scriptError: Int32 = 1
    /// The command line was wrong.
    public static let usage: Int32 = 2
    /// An input file or the store could not be read.
    public static let dataError: Int32 = 3
}
