import Foundation
import REPL

/// A one-line progress bar on standard error, redrawn in place: `[#####.....]  48%  tasks.csv`.
/// Draws only when standard error is a terminal that can erase a line (not `TERM=dumb`), so
/// pipes and logs get nothing, and at most ten times a second, so drawing never slows the
/// work it reports.
public final class ProgressBar {
    private let enabled: Bool
    private let width = 30
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// A bar that draws when standard error is a capable terminal (or when `enabled` says so).
    public init(enabled: Bool = Terminal.isTerminal(Terminal.standardError)
                    && ProcessInfo.processInfo.environment["TERM"] != "dumb") {
        self.enabled = enabled
    }

    /// Shows `fraction` (0...1) with a label; skipped when the last draw was under 0.1 s ago.
    public func update(_ fraction: Double, label: String) {
        guard enabled else { return }
        let now = Date()
        guard fraction >= 1 || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let f = max(0, min(1, fraction))
        let filled = Int((f * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let percent = String(format: "%3d%%", Int((f * 100).rounded(.down)))
        write("\r\u{1B}[2K[\(bar)] \(percent)  \(label)")
        drawn = true
    }

    /// Erases the bar, leaving the line free for the summary.
    public func finish() {
        guard enabled, drawn else { return }
        write("\r\u{1B}[2K")
        drawn = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
