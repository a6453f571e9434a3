import CLineEdit
import Foundation

/// The REPL's persistent history: `$XDG_STATE_HOME/PROGRAM/history`, by default
/// `~/.local/state/PROGRAM/history` (PROGRAM: the host's, `pmo`), at most `limit` entries.
/// Saved after every line, so a killed
/// session loses nothing. A line equal to the one before is not stored again.
final class REPLHistory {
    let path: String
    let limit: Int
    private var last: String?

    init(program: String, environment: [String: String] = ProcessInfo.processInfo.environment, limit: Int = 1000) {
        path = Self.path(program: program, environment: environment)
        self.limit = limit
    }

    /// Where the history lives for this environment.
    static func path(program: String, environment: [String: String]) -> String {
        let state: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            state = xdg   // the XDG spec ignores relative paths
        } else {
            state = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        }
        return state + "/" + program + "/history"
    }

    func load() {
        le_history_limit(Int32(limit))
        if FileManager.default.fileExists(atPath: path) { _ = le_history_load(path) }
    }

    /// Adds a non-blank line and saves. Failing to save (a read-only home) is not worth
    /// interrupting the analyst for.
    func add(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace), line != last else { return }
        last = line
        le_history_add(line)
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = le_history_save(path, Int32(limit))
    }
}
