import ArgumentParser
import Foundation
import PMOModel
import Workbench

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what changed in the portfolio: since a date, or in one import.",
        discussion: """
            Compares two states of the store, kept by its history (docs/history.md): with \
            --since DATE, the portfolio as it was known on DATE against now; with --import N, \
            what revision N (an import, or a script's transaction) changed; with neither, what \
            the last revision changed. It lists projects added and removed, tasks whose finish \
            moved (days, positive = later), project baselines set or changed, scope (BAC) \
            changes, new, closed and re-scored risks, RAG changes and status reports filed, \
            each by the stdlib's own measure (`pmo.changes`, see `:help pmo.changes`).
            The report renders like `pmo run`'s: --format text (default), md, csv, json or html \
            (with a chart of the largest slips), to -o FILE or standard output.

            Examples:
              pmo diff --since 2026-06-01
              pmo diff --since 2026-06-01 --format html -o changes.html
            """
    )

    @OptionGroup var where_: WorkspaceOptions

    @Option(help: ArgumentHelp("Compare the portfolio as known on this date (yyyy-mm-dd) with now.", valueName: "date"))
    var since: String?

    @Option(name: .customLong("import"), help: ArgumentHelp("Show what revision N (an import or a transaction) changed.", valueName: "n"))
    var revision: Int?

    @OptionGroup var report: ReportOptions

    func validate() throws {
        if since != nil, revision != nil { throw ValidationError("give --since or --import, not both") }
        if let since, Day(since) == nil { throw ValidationError("--since: expected a date as yyyy-mm-dd, got '\(since)'") }
        if let revision, revision < 1 { throw ValidationError("--import: expected a revision number (1 or more), got \(revision)") }
    }

    func run() throws {
        let context = try where_.context()
        var runner = try reportingFailures { try ScriptRunner(context: context) }
        runner.report = ReportOutput(format: report.format ?? .text, path: report.output)
        let range: ChangesReport.Range = since.map { .since($0) } ?? revision.map { .revision($0) } ?? .last
        let status = ChangesReport.run(range, with: runner)
        if status != 0 { throw ExitCode(status) }
    }
}
