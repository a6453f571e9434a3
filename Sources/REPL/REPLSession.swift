import CLineEdit
import Foundation
import LuaKit

/// A REPL session: the Lua state, the session locals (Lua/session.lua), the printer, and the
/// record of what ran (for error lines and `:save`).
public final class REPLSession {
    /// The session's Lua state (the full standard library, no count hook: DESIGN.md decision 4).
    public let lua: LuaState
    /// The domain layer plugged into this session.
    public let host: REPLHost
    /// The printer for results.
    public let printer: REPLPrinter
    private let locals: LuaTable
    private let compileInput: LuaFunction
    private let candidates: LuaFunction
    /// The lines of each input by number, for showing the line an error points at.
    private(set) var inputs: [[String]] = []
    /// The inputs that ran without error, in order (what `:save` writes).
    private(set) var script: [SavedInput] = []
    /// The session locals those inputs declared, in order of first declaration.
    private var savedLocals: [String] = []
    /// Every name those inputs mention (the saved script's own names must avoid them).
    private var savedNames: Set<String> = []
    /// The session's as-of date, once `:asof` set it.
    private(set) var asOf: String?

    /// Opens a session: a fresh state with the standard library, prepared by `host`.
    public init(host: REPLHost) throws {
        self.host = host
        lua = try LuaState()
        printer = try REPLPrinter(lua: lua, moduleName: host.identity.printerModule)
        locals = try REPLEmbeddedLua.load(EmbeddedLua.session, in: lua, arguments: [lua.globals])
        guard let compileInput = locals["compile"].functionValue else {
            throw LuaError(kind: .runtime, message: "session.lua lacks compile")
        }
        self.compileInput = compileInput
        let complete = try REPLEmbeddedLua.load(EmbeddedLua.complete, in: lua, arguments: [locals, lua.globals])
        guard let candidates = complete["candidates"].functionValue else {
            throw LuaError(kind: .runtime, message: "complete.lua lacks candidates")
        }
        self.candidates = candidates
        // So a host can mark the functions completion may call (`allow`, see complete.lua).
        try REPLEmbeddedLua.preload(complete, as: host.identity.completionModule, in: lua)
        try host.prepare(lua: lua, printer: printer)
    }

    /// Compiles `source` with the session's locals in scope; `names` (of which `constants`
    /// are `<const>`) become session locals once it compiles. Throws Lua's syntax error.
    func compile(_ source: String, name: String, declaring names: [String] = [],
                 constants: [String] = []) throws -> LuaFunction {
        let mentioned = Array(Set(LuaLexer.tokens(source).filter { $0.kind == .name }.map(\.text)))
        let results = try compileInput.call(source, name, mentioned, names, constants)
        if let f = results.first?.functionValue { return f }
        throw LuaError(kind: .syntax, fullMessage: results.dropFirst().first?.stringValue ?? "cannot compile")
    }

    /// The chunk name of the next input: errors then read `REPL[3]:1: ...`.
    var nextChunkName: String { "=REPL[\(inputs.count + 1)]" }

    /// The outcome of one input.
    enum Outcome {
        /// It ran; these are the values to print (none for statements).
        case values([LuaValue])
        case failed(LuaError)
    }

    /// Runs a compiled input (`.expression` or `.statements`) in the session. `text` is what
    /// the user typed. Ctrl-C interrupts it.
    func run(_ chunk: REPLChunk, text: String) -> Outcome {
        remember(input: text)
        let function: LuaFunction
        switch chunk {
        case .expression(let f), .statements(let f):
            function = f
        case .incomplete, .invalid:
            return .values([])
        }
        switch call(function) {
        case .values(let values):
            if let first = values.first { setLocal("_", first) }
            save(chunk, text: text)
            return .values(values)
        case .failed(let e):
            return .failed(e)
        }
    }

    /// Keeps an input's lines under its number (`REPL[n]`), so errors can show them; the next
    /// input gets the next number.
    func remember(input text: String) {
        inputs.append(text.components(separatedBy: "\n"))
    }

    /// Calls `function`, interruptible by Ctrl-C.
    func call(_ function: LuaFunction, arguments: [LuaPushable] = []) -> Outcome {
        do {
            return .values(try interruptible { try function.call(arguments: arguments) })
        } catch let e as LuaError {
            return .failed(e)
        } catch {
            return .failed(LuaError(kind: .runtime, message: "\(error)"))
        }
    }

    /// Runs `body` (which runs Lua) with Ctrl-C aimed at the Lua state rather than the prompt.
    func interruptible<T>(_ body: () throws -> T) rethrows -> T {
        le_set_sigint_target(REPLSession.interruptLua, lua.interruptHandle.context)
        defer { le_set_sigint_target(nil, nil) }
        return try body()
    }

    /// The SIGINT target while Lua runs: `LuaInterruptHandle.interrupt` is async-signal-safe,
    /// and making the handle from its context allocates nothing.
    private static let interruptLua: @convention(c) (UnsafeMutableRawPointer?) -> Void = { p in
        if let p { LuaInterruptHandle(context: p).interrupt() }
    }

    /// Sets a session local (`_`), visible to later inputs and not a global.
    func setLocal(_ name: String, _ value: LuaValue) {
        _ = try? locals["set"].functionValue?.call(name, value)
    }

    /// The names of the session's locals.
    var localNames: [String] {
        let names = try? locals["names"].functionValue?.call().first
        return names?.tableValue?.array.compactMap(\.stringValue) ?? []
    }

    /// Completions of a Lua word (`string.fo`, `p:mi`), whole words, sorted.
    /// With `chain`, the word is `.name` or `:name` after that call chain, and the candidates
    /// come from its value (complete.lua evaluates it when it is safe to).
    func luaCompletions(of word: String, chain: [LuaToken]? = nil) -> [String] {
        let tokens = chain?.map { ["kind": "\($0.kind)", "text": $0.text] }
        let result = try? candidates.call(word, localNames, tokens).first
        return result?.tableValue?.array.compactMap(\.stringValue) ?? []
    }

    /// The source line an error points at, when it is one the session knows: an input typed
    /// at the prompt (`REPL[3]`) or a file.
    func sourceLine(chunk: String, line: Int) -> String? {
        if chunk.hasPrefix("REPL["), chunk.hasSuffix("]"),
           let n = Int(chunk.dropFirst(5).dropLast()), n >= 1, n <= inputs.count {
            let lines = inputs[n - 1]
            return line >= 1 && line <= lines.count ? lines[line - 1] : nil
        }
        guard let data = FileManager.default.contents(atPath: chunk) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        return line >= 1 && line <= lines.count ? lines[line - 1] : nil
    }

    /// Records a file the REPL ran with `:load`, whose values it printed, for `:save`.
    func recordLoad(_ pathLiteral: String) {
        script.append(.printed("dofile(\(pathLiteral))", keepsLast: true))
    }

    /// Notes the screen width the REPL laid out the values of the input recorded last for:
    /// the saved script lays them out for the same width, whatever terminal it runs on.
    func notePrinted(width: Int) {
        guard let last = script.indices.last, case .printed(let code, let keepsLast, _) = script[last] else { return }
        script[last] = .printed(code, keepsLast: keepsLast, width: width)
    }

    /// Sets the as-of date through the host (nil clears it); records the host's replay
    /// statement for `:save`.
    func setAsOf(_ date: String?) throws {
        let replay = try host.setAsOf(date, lua: lua)
        asOf = date
        script.append(.statement(replay ?? "-- :asof \(date.map { "\($0)" } ?? "none")"))
    }

    /// One input that ran, as `:save` writes it.
    enum SavedInput: Equatable {
        /// Code whose values the REPL printed (an expression, or statements that `return`
        /// them, as a call); `keepsLast`: `_` is not set from them (`:load`); `width`: the
        /// screen width they were laid out for, once the REPL printed them.
        case printed(String, keepsLast: Bool, width: Int? = nil)
        /// Statements, their session `local`s already turned into assignments.
        case statement(String)
    }

    /// Records an input that ran, as the script `:save` writes must replay it: printed values
    /// printed by the REPL's own printer, session locals declared once at the top (the REPL
    /// turns `local x = 1` into an assignment to a session variable, so a `local` inside a
    /// wrapper would die with it), `_` assigned as the REPL assigns it.
    private func save(_ chunk: REPLChunk, text: String) {
        savedNames.formUnion(LuaLexer.tokens(text).filter { $0.kind == .name }.map(\.text))
        if case .expression = chunk {
            // The REPL ran `return <text>`; as an argument list the text must still compile
            // (`1;` or a trailing comment would not): else it returns from a function.
            let direct = (try? lua.load("_ = show(_, \(text)\n)", name: "=(save)")) != nil
            script.append(.printed(direct ? text : "(function(...) return \(text)\nend)()", keepsLast: false))
            return
        }
        var rewrite = SessionLocalsRewrite(rewriting: text)
        for name in rewrite.names where !savedLocals.contains(name) { savedLocals.append(name) }
        // `local x = 1` became ` x = 1`: the script reads better without the space.
        if !(text.first?.isWhitespace ?? true) {
            rewrite.code = String(rewrite.code.drop { $0 == " " || $0 == "\t" })
        }
        if SessionLocalsRewrite.returnsAtTopLevel(rewrite.code) {
            // A `return` would end the saved script: it returns from a function of its own.
            script.append(.printed("(function(...)\n\(rewrite.code)\nend)()", keepsLast: false))
        } else if Self.needsBlock(rewrite.code) {
            // A `<close>` local closes when its input ends, and a label is the input's own.
            script.append(.statement("do\n\(rewrite.code)\nend"))
        } else {
            script.append(.statement(rewrite.code))
        }
    }

    /// Whether statements keep a `local` or a label at their top level.
    static func needsBlock(_ code: String) -> Bool {
        var depth = 0
        let tokens = LuaLexer.tokens(code)
        for (i, t) in tokens.enumerated() {
            // The lexer gives `::` as two one-byte symbols.
            if t.kind == .symbol, t.text == ":", depth == 0, i + 1 < tokens.count,
               tokens[i + 1].text == ":", tokens[i + 1].range.lowerBound == t.range.upperBound { return true }
            guard t.kind == .keyword else { continue }
            switch t.text {
            case "function", "do", "if", "repeat": depth += 1
            case "end", "until": depth = max(0, depth - 1)
            case "local" where depth == 0: return true
            default: break
            }
        }
        return false
    }

    /// The text `:save` writes: every input that ran, in order, as a script for the host's run command (`pmo run`)
    /// that prints what the session printed, the same way (the printer's `show`).
    var scriptText: String {
        var show = "show"
        var n = 1
        while savedNames.contains(show) || savedLocals.contains(show) { show = "show\(n)"; n += 1 }
        let identity = host.identity
        var out = "-- \(identity.program) REPL session, saved \(ISO8601DateFormatter().string(from: Date()))\n"
        out += "-- Run it again with: \(identity.runCommand) <this file>\n"
        out += "local \(show) = require(\"\(identity.printerModule)\").show  -- prints values as the REPL printed them\n"
        let locals = ["_"] + savedLocals.filter { $0 != "_" }
        out += "local \(locals.joined(separator: ", "))  -- the session's locals; _ holds the last value\n"
        var screen = REPLPrinter.defaultScreenWidth   // what a script run lays out for
        for entry in script {
            switch entry {
            case .printed(let code, let keepsLast, let width):
                if let width, width != screen {
                    // Laid out as the session's terminal was then wide.
                    out += "require(\"\(identity.printerModule)\").screen = \(width)\n"
                    screen = width
                }
                // A line break before `)` when the input may end in a comment.
                let close = code.contains("--") ? "\n)" : ")"
                out += keepsLast ? "\(show)(nil, \(code)\(close)\n" : "_ = \(show)(_, \(code)\(close)\n"
            case .statement(let code):
                out += code + "\n"
            }
        }
        return out
    }
}
