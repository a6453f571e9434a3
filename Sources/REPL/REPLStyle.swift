import Foundation

/// Colours for the REPL's own messages: only on a terminal, never with NO_COLOR set
/// (https://no-color.org) or TERM=dumb.
struct REPLStyle {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    /// Colours when standard output is a terminal and the environment allows them.
    static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment) -> REPLStyle {
        let allowed = environment["NO_COLOR"].map(\.isEmpty) ?? true
        return REPLStyle(enabled: isatty(STDOUT_FILENO) == 1 && allowed && environment["TERM"] != "dumb")
    }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    func error(_ s: String) -> String { wrap(s, "31") }
    func warning(_ s: String) -> String { wrap(s, "33") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func bold(_ s: String) -> String { wrap(s, "1") }
}
