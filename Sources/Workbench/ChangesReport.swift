import Foundation

/// `pmo diff`: what changed in the portfolio (`pmo.changes`), rendered like any report of
/// `pmo run` (`ReportOutput`). The Lua it runs is `Lua/diff.lua`.
public enum ChangesReport {
    /// Which two states to compare.
    public enum Range: Sendable {
        /// As known on the date (yyyy-mm-dd) against now.
        case since(String)
        /// What revision N changed.
        case revision(Int)
        /// What the last revision changed.
        case last
    }

    /// Runs the report on the runner's session; returns the exit status (1 with a message on
    /// stderr when the range names no state of the store).
    public static func run(_ range: Range, with runner: ScriptRunner) -> Int32 {
        let arguments: [String]
        switch range {
        case .since(let day): arguments = ["since", day]
        case .revision(let n): arguments = ["import", String(n)]
        case .last: arguments = ["last"]
        }
        return runner.run(.code(EmbeddedLua.diff.source), arguments: arguments)
    }
}
