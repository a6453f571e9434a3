import CLineEdit
import Foundation

/// What reading one line gave.
enum REPLLine: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: drop what was typed.
    case interrupted
    /// Ctrl-D or the end of piped input.
    case end
}

/// Where the REPL's lines come from.
protocol REPLLineSource: AnyObject {
    /// Whether a person is typing (prompts, banner, history, colours).
    var isInteractive: Bool { get }
    func read(prompt: String) -> REPLLine
    /// Records an input line in the history, if this source keeps one.
    func remember(_ line: String)
}

/// Lines from a pipe or a file: no prompt, no editing, no history.
final class PlainLineSource: REPLLineSource {
    var isInteractive: Bool { false }
    func read(prompt: String) -> REPLLine {
        readLine(strippingNewline: true).map(REPLLine.line) ?? .end
    }
    func remember(_ line: String) {}
}

/// Lines typed on a terminal, edited with libedit: history (Up, Ctrl-R), completion (Tab).
final class TerminalLineSource: REPLLineSource {
    var isInteractive: Bool { true }
    private let history: REPLHistory

    /// The completer libedit calls back; a global because C callbacks cannot capture context,
    /// and libedit itself keeps one editor per process.
    nonisolated(unsafe) static var completer: REPLCompleter?

    /// `program` names the `~/.editrc` section that applies (libedit's `el_init` program name).
    init(program: String, completer: REPLCompleter, history: REPLHistory) {
        self.history = history
        Self.completer = completer
        le_setup(program, Self.complete, REPLCompleter.wordBreaks)
        le_install_sigint()
        history.load()
    }

    func read(prompt: String) -> REPLLine {
        var interrupted: Int32 = 0
        guard let p = le_readline(prompt, &interrupted) else {
            return interrupted != 0 ? .interrupted : .end
        }
        defer { free(p) }
        return .line(String(cString: p))
    }

    func remember(_ line: String) {
        history.add(line)
    }

    private static let complete: le_completer_fn = { line, start, end in
        guard let line, let completer = TerminalLineSource.completer else { return nil }
        let found = completer.candidates(line: String(cString: line), start: Int(start), end: Int(end))
        guard !found.isEmpty else { return nil }
        // CLineEdit and libedit free the array and the strings with free(), so malloc them.
        typealias Entry = UnsafeMutablePointer<CChar>?
        guard let raw = malloc(MemoryLayout<Entry>.stride * (found.count + 1)) else { return nil }
        let out = raw.bindMemory(to: Entry.self, capacity: found.count + 1)
        for (i, c) in found.enumerated() { out[i] = strdup(c) }
        out[found.count] = nil
        return out
    }
}
