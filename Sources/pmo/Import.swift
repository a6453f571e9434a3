import ArgumentParser
import Foundation
import PMOModel
import PMOStore
import PMOWorkspace
import Workbench

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import projects from MS Project XML, a CSV bundle, JSON or a Jira CSV export.",
        discussion: """
            Brings the workspace's store (or --store FILE, created when missing) to what PATH \
            holds, in one transaction: rows are matched by key (MS Project UIDs, Jira issue \
            keys, CSV and JSON ids), so re-importing an updated file updates the rows that \
            changed, adds the new ones and removes those the file no longer has, within what \
            the format owns (an MS Project file: its project's plan; a Jira export: its work \
            items; a CSV bundle or JSON document: the tables it has; docs/importers.md). On \
            any error nothing is written, the error (file, line or element, field, value, \
            reason) goes to stderr and the exit status is 3. On a terminal a progress bar \
            shows how far a CSV bundle or a JSON document has got; the last line says what \
            was added, changed and removed, per table. What an import accepts but finds \
            inconsistent (an MS Project task or project whose start is after its finish, a \
            calendar UID that no calendar of the file has) lands as given and is printed on \
            stderr as `pmo: warning: file:line: element: ...` (docs/importers.md). MS Project \
            files bring their calendars (`p:calendar()`, `cal:is_working(d)`).

            Each import that changes the store is recorded as a revision of its history \
            (docs/history.md): the file, its SHA-256, the time, who, the counts, and every \
            row as it was before. An import that changes nothing records nothing and says so. \
            --dry-run does all the work and prints what would change, table by table with \
            the first rows of each kind, then writes nothing. --known-on DATE records the \
            revision as known on DATE instead of today (a PMO loading last month's files in \
            order); a date before the latest revision's is refused.

            The format is detected when --format is omitted: a folder is a CSV bundle \
            (docs/csv-bundle.md), .json is JSON, .xml is MS Project XML (MSPDI: `pmo import \
            plan.xml`, the project's id from --project-id, else the file name), and a .csv \
            file whose header has 'Issue key' is a Jira export (`pmo import jira.csv \
            --format jira --project-id PRJ-007`).

            Jira: each work item belongs to the store project its Jira project key (the \
            'Project key' column, else the issue key's prefix) maps to: --project-id maps \
            every key to one project; without it, the workspace's pmo.config.lua maps keys \
            (`jira = { projects = { WS = "PRJ-007" } }`). The project must be in the store. \
            An item whose key maps to no project is refused, naming its line and key, unless \
            --allow-no-project stores it without a project (with a warning). Priority, \
            reporter, description, story points, sprints, labels and due date are kept; other \
            columns become the item's custom fields.

            An MS Project file's money is in its <CurrencyCode>. When that is not the \
            organisation's currency the import is refused, naming both, unless \
            --exchange-rate R is given: R is how many units of the organisation's currency \
            one unit of the file's is worth (`pmo import plan.xml --exchange-rate 1.17` for a \
            GBP plan in a EUR organisation: 1 GBP = 1.17 EUR). Every money field is then \
            converted, and the project records the file's currency and the rate \
            (source_currency, exchange_rate). A store with \
            no organisation takes the file's currency as it is.

            Examples:
              pmo import data/csv --store copy.sqlite
              pmo import data/csv --store copy.sqlite --dry-run
              pmo export --format json out && pmo import out/pmo.json --store other.sqlite
              pmo import data/csv --store dated.sqlite --known-on 2026-11-02
            """
    )

    @Argument(help: "The file or CSV bundle folder to import.")
    var path: String

    @Option(help: "The input format: mspdi, csv, json or jira (detected when omitted).")
    var format: ImportFormat?

    @Option(help: "MSPDI: the id of the imported project (default: the file name). Jira: the store project every work item belongs to, whatever its project key (overrides pmo.config.lua's jira.projects).")
    var projectId: String?

    @Flag(help: "Jira: store the work items whose project key maps to no store project without a project (a warning names the keys), instead of refusing the file.")
    var allowNoProject = false

    @Option(help: "MSPDI: how many units of the organisation's currency one unit of the file's currency is worth (1 GBP = 1.17 EUR: 1.17); converts the file's money.")
    var exchangeRate: Double?

    @Flag(help: "Print what the import would change, and write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("The day, yyyy-mm-dd, from which the portfolio is known as PATH gives it (default: today, UTC).", valueName: "date"))
    var knownOn: String?

    func validate() throws {
        if let knownOn, Day(knownOn) == nil { throw ValidationError("--known-on: expected a date as yyyy-mm-dd, got '\(knownOn)'") }
    }

    @OptionGroup var where_: WorkspaceOptions

    func run() throws {
        let context = try where_.requiredContext(for: "import")
        guard case .file(let storePath) = context.store else { return }
        let detected = format ?? ImportFormat.detect(path: path)
        if allowNoProject && detected != .jira {
            throw fail("import: --allow-no-project applies to Jira exports only, and \(path) is read as \(detected.map { "\($0.rawValue)" } ?? "no known format"); pass --format jira if it is one", ExitStatus.usage)
        }
        if exchangeRate != nil, detected != .mspdi {
            throw fail("--exchange-rate converts an MS Project (MSPDI) file's money; \(path) is not an MSPDI file", ExitStatus.usage)
        }
        try reportingFailures {
            let target = try PortfolioStore(path: storePath, busyTimeout: context.busyTimeout)
            // What a second writer that has to wait is told this process is doing.
            target.activity = "import of \(path)"
            let bar = ProgressBar()
            defer { bar.finish() }
            let options = RevisionOptions(knownOn: knownOn.flatMap { Day($0) }, dryRun: dryRun, samples: dryRun ? 5 : 0)
            let summary: ImportSummary
            switch detected {
            case .mspdi:
                summary = try MSPDIImporter().importFile(at: path, projectId: projectId, exchangeRate: exchangeRate, into: target,
                                                         options: options)
            case .jira:
                let mapping = JiraCSVImporter.ProjectMapping(
                    projectId: projectId, projects: context.workspace?.config.jiraProjects ?? [:],
                    projectsSource: context.workspace?.configPath ?? Workspace.configFileName, allowNoProject: allowNoProject)
                summary = try JiraCSVImporter(mapping: mapping).importFile(at: path, into: target, options: options)
            default:
                summary = try target.importData(at: path, format: detected, projectId: projectId, options: options) { progress in
                    bar.update(progress.fraction, label: (progress.file as NSString).lastPathComponent)
                }
            }
            bar.finish()
            print(ImportReport.text(path: path, store: storePath, summary: summary))
            for warning in summary.warnings {
                FileHandle.standardError.write(Data("pmo: warning: \(warning)\n".utf8))
            }
            if let knownOn = summary.knownOn, let asof = context.asof, asof < knownOn {
                // Reads as of the workspace's date see the portfolio as it was known then
                // (docs/history.md), which this revision is not part of.
                FileHandle.standardError.write(Data("""
                    pmo: note: this import is known from \(knownOn), after \(asof), the date the workspace reads the portfolio as of \
                    (asof in pmo.config.lua): reads as of \(asof) do not show it. Set asof to \(knownOn) or later, read with \
                    pmo.asof(nil), or import with --known-on \(asof) if the file gives the portfolio as known on \(asof)

                    """.utf8))
            }
        }
    }
}

extension ImportFormat: ExpressibleByArgument {}


/// What `pmo import` prints: one line after an import; for a dry run, table by table, what
/// would be added, changed and removed, with the first rows of each by key.
enum ImportReport {
    static func text(path: String, store: String, summary: ImportSummary) -> String {
        guard summary.dryRun else {
            if let revision = summary.revision {
                return "\(path): \(summary) (revision \(revision), into \(store))"
            }
            return "\(path): no change: the store already holds what it gives; nothing recorded (\(store))"
        }
        guard !summary.tables.isEmpty else {
            return "\(path): dry run: no change: the store already holds what it gives"
        }
        var lines = ["\(path): dry run, nothing written; the import would change:"]
        let width = summary.tables.map(\.table.count).max() ?? 0
        for t in summary.tables {
            let counts = [(t.added, "added"), (t.changed, "changed"), (t.removed, "removed")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
            lines.append("  " + t.table.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + counts.joined(separator: ", "))
            for kind in [RowSample.Kind.added, .changed, .removed] {
                let rows = t.samples.filter { $0.kind == kind }
                let total = kind == .added ? t.added : kind == .changed ? t.changed : t.removed
                for row in rows {
                    let mark = kind == .added ? "+" : kind == .changed ? "~" : "-"
                    let detail = row.changes.map { "\($0.column) \($0.before) -> \($0.after)" }.joined(separator: ", ")
                    lines.append("    \(mark) \(row.key)" + (detail.isEmpty ? "" : ": " + detail))
                }
                if total > rows.count { lines.append("    ... and \(total - rows.count) more \(kind.rawValue)") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
