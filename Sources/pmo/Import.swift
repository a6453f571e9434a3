import ArgumentParser
import Foundation
import PMOStore
import PMOWorkspace
import Workbench

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import projects from MS Project XML, a CSV bundle, JSON or a Jira CSV export.",
        discussion: """
            Adds what PATH holds to the workspace's store (or --store FILE, created when \
            missing), in one transaction: on any error nothing is written, the error (file, \
            line or element, field, value, reason) goes to stderr and the exit status is 3. \
            Ids already in the store are errors, not updates. On a terminal a progress bar \
            shows how far a CSV bundle or a JSON document has got; the last line says what \
            was added, per table. What an import accepts but finds inconsistent (an MS \
            Project task or project whose start is after its finish, a calendar UID that no \
            calendar of the file has) lands as given and is printed on stderr as \
            `pmo: warning: file:line: element: ...` (docs/importers.md). MS Project files \
            bring their calendars (`p:calendar()`, `cal:is_working(d)`).

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
              pmo export --format json out && pmo import out/pmo.json --store other.sqlite
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
            let summary: ImportSummary
            switch detected {
            case .mspdi:
                summary = try MSPDIImporter().importFile(at: path, projectId: projectId, exchangeRate: exchangeRate, into: target)
            case .jira:
                let mapping = JiraCSVImporter.ProjectMapping(
                    projectId: projectId, projects: context.workspace?.config.jiraProjects ?? [:],
                    projectsSource: context.workspace?.configPath ?? Workspace.configFileName, allowNoProject: allowNoProject)
                summary = try JiraCSVImporter(mapping: mapping).importFile(at: path, into: target)
            default:
                summary = try target.importData(at: path, format: detected) { progress in
                    bar.update(progress.fraction, label: (progress.file as NSString).lastPathComponent)
                }
            }
            bar.finish()
            print("\(path): \(summary) (\(summary.totalRows) rows, into \(storePath))")
            for warning in summary.warnings {
                FileHandle.standardError.write(Data("pmo: warning: \(warning)\n".utf8))
            }
        }
    }
}

extension ImportFormat: ExpressibleByArgument {}
