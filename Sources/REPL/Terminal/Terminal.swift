#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What the output streams are connected to, and so what may be written to them: colours and
/// progress bars only on a terminal, and colours never when `NO_COLOR` is set (no-color.org).
public enum Terminal {
    /// Whether the file descriptor is a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Whether text written to `fd` may carry ANSI colours: a terminal, `NO_COLOR` unset or
    /// empty, and `TERM` not `dumb`.
    public static func allowsColour(_ fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard isTerminal(fd) else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// The width in columns that text written to `fd` should fit: the terminal's own width
    /// (TIOCGWINSZ, read anew on each call, so it follows a resized window) when `fd` is a
    /// terminal; otherwise `COLUMNS` when it holds a positive number (as `ls` and `git` read
    /// it for output that is not a terminal); otherwise nil, for the caller's default.
    public static func columns(_ fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if isTerminal(fd) {
            var size = winsize()
            if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        if let text = environment["COLUMNS"], let n = Int(text), n > 0, n <= 100_000 { return n }
        return nil
    }

    /// The file descriptor of standard output.
    public static let standardOutput: Int32 = 1
    /// The file descriptor of standard error.
    public static let standardError: Int32 = 2
}

/// ANSI styles, applied only when enabled (see `Terminal.allowsColour`).
public struct Palette: Sendable {
    /// Whether styles are written at all.
    public let enabled: Bool

    /// A palette for output written to `fd`.
    public init(for fd: Int32) { enabled = Terminal.allowsColour(fd) }
    /// A palette that always or never colours.
    public init(enabled: Bool) { self.enabled = enabled }

    func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    /// Red text (breaches, errors).
    public func red(_ text: String) -> String { wrap(text, "31") }
    /// Yellow text (amber, warnings).
    public func amber(_ text: String) -> String { wrap(text, "33") }
    /// Green text (passes).
    public func green(_ text: String) -> String { wrap(text, "32") }
    /// Bold text (headings).
    public func bold(_ text: String) -> String { wrap(text, "1") }
    /// Dim text (details).
    public func dim(_ text: String) -> String { wrap(text, "2") }
}
