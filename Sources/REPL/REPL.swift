import Foundation
import LuaKit

/// The interactive REPL: reads inputs, runs them in a `REPLSession`, prints the results.
///
/// On a terminal it edits lines with libedit (history, completion, Ctrl-R) and Ctrl-C stops
/// running code; from a pipe (`pmo < analysis.lua`) it reads plain lines and prints only
/// results and errors, so its output can be captured.
///
/// ```swift
/// let status = try REPL(host: PlainREPLHost()).run()
/// ```
public final class REPL {
    let session: REPLSession
    let source: REPLLineSource
    let style: REPLStyle
    let modules: REPLModuleWatch
    /// Where results and errors go (standard output and standard error, except in tests).
    private let write: (String) -> Void
    private let writeError: (String) -> Void
    /// Whether any input failed (the exit status of a piped session).
    private(set) var failed = false

    /// Opens a session on `host`, reading from the terminal when standard input is one.
    public convenience init(host: REPLHost) throws {
        let session = try REPLSession(host: host)
        let source: REPLLineSource
        if isatty(STDIN_FILENO) == 1 {
            let program = host.identity.program
            source = TerminalLineSource(program: program, completer: REPLCompleter(session: session),
                                        history: REPLHistory(program: program))
        } else {
            source = PlainLineSource()
        }
        self.init(session: session, source: source, style: .forStandardOutput())
    }

    init(session: REPLSession, source: REPLLineSource, style: REPLStyle,
         write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) },
         writeError: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.session = session
        self.source = source
        self.style = source.isInteractive ? style : REPLStyle(enabled: false)
        self.modules = REPLModuleWatch(session: session)
        self.write = write
        self.writeError = writeError
    }

    /// Runs until Ctrl-D, `:quit` or the end of input. Returns the exit status: 0, or 1 when
    /// an input of a piped session failed.
    public func run() -> Int32 {
        if source.isInteractive { printBanner() }
        var pending: [String] = []
        while true {
            let prompt = pending.isEmpty ? "> " : ">> "
            switch source.read(prompt: prompt) {
            case .end where !pending.isEmpty && source.isInteractive:
                // Ctrl-D on a `>>` line ends the unfinished input, as in lua5.4 and python3:
                // it is compiled as it stands (so Lua says what is missing, or it runs) and
                // the session goes on at the `>` prompt. Only Ctrl-D at `>` leaves.
                output("")
                evaluate(pending.joined(separator: "\n"), atEnd: true)
                pending = []
                output(style.dim("(Ctrl-D ended the unfinished input; Ctrl-D at the > prompt leaves)"))
            case .end:
                if !pending.isEmpty { evaluate(pending.joined(separator: "\n"), atEnd: true) }
                if source.isInteractive { output("") }
                return exitStatus
            case .interrupted:
                pending = []
            case .line(let line):
                source.remember(line)
                if pending.isEmpty {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty { continue }
                    if trimmed.hasPrefix(":") {
                        if !command(trimmed) { return exitStatus }
                        continue
                    }
                }
                pending.append(line)
                if evaluate(pending.joined(separator: "\n"), atEnd: false) { pending = [] }
            }
        }
    }

    /// 1 when an input of a piped session failed (so `pmo < checks.lua` can gate CI), else 0:
    /// lua.c's EXIT_FAILURE and EXIT_SUCCESS, pmo's ExitStatus.scriptError and .ok.
    private var exitStatus: Int32 {
        failed && !source.isInteractive ? 1 : 0
    }

    /// Compiles and runs an input. Returns false when it needs more lines (unless `atEnd`).
    @discardableResult
    func evaluate(_ text: String, atEnd: Bool) -> Bool {
        let chunk = REPLChunk.compile(text, chunkName: session.nextChunkName, in: session)
        switch chunk {
        case .incomplete where !atEnd:
            return false
        case .incomplete(let e), .invalid(let e):
            // Not run, but numbered like any input so the report can show the line.
            session.remember(input: text)
            report(e)
        case .expression, .statements:
            switch session.run(chunk, text: text) {
            case .values(let values): show(values, saved: true)
            case .failed(let e): report(e)
            }
            modules.noteLoaded()
        }
        return true
    }

    /// Prints values with the pretty printer (nothing for none). `saved`: they are the values
    /// of the input `:save` recorded last, which then notes the width they were laid out for.
    func show(_ values: [LuaValue], saved: Bool = false) {
        guard !values.isEmpty else { return }
        // Laid out for the terminal as it is now: a resized window (SIGWINCH) gets results
        // that fit it from the next one on.
        let columns = Terminal.columns(Terminal.standardOutput)
        session.printer.setScreenWidth(columns)
        if saved { session.notePrinted(width: columns ?? REPLPrinter.defaultScreenWidth) }
        do {
            output(try session.interruptible { try session.printer.format(values) })
        } catch let e as LuaError {
            report(e)
        } catch {
            errorOutput("\(error)")
        }
    }

    func report(_ error: LuaError) {
        failed = true
        let lines = REPLErrorReport(error: error).lines { self.session.sourceLine(chunk: $0, line: $1) }
        let text = lines.joined(separator: "\n")
        errorOutput(error.kind == .interrupted ? style.warning(text) : style.error(text))
    }

    private func command(_ line: String) -> Bool {
        let name = String(line.dropFirst().prefix { !$0.isWhitespace })
        let argument = line.dropFirst(1 + name.count).trimmingCharacters(in: .whitespaces)
        guard let command = REPLCommand.named(name) else {
            failed = true
            errorOutput(style.error("unknown command :\(name) (type :help for the list)"))
            return true
        }
        return command.run(self, argument)
    }

    private func printBanner() {
        let version = LuaState.version
        output(style.bold(session.host.identity.program) + " REPL on \(version) " + style.dim("(:help for help, Ctrl-D to leave)"))
        if let line = session.host.banner { output(style.dim(line)) }
    }

    func output(_ text: String) { write(text + "\n") }

    func errorOutput(_ text: String) { writeError(text + "\n") }
}
