import ArgumentParser
import Foundation
import PMOStore
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
            --format jira --project-id PRJ-007`: the store project its issues belong to).

            Examples:
              pmo import data/csv --store copy.sqlite
              pmo export --format json out && pmo import out/pmo.json --store other.sqlite
            """
    )

    @Argument(help: "The file or CSV bundle folder to import.")
    var path: String

    @Option(help: "The input format: mspdi, csv, json or jira (detected when omitted).")
    var format: ImportFormat?

    @Option(help: "MSPDI: the id of the imported project (default: the file name). Jira: the store project the work items belong to.")
    var projectId: String?

    @OptionGroup var where_: WorkspaceOptions

    func run() throws {
        let context = try where_.requiredContext(for: "import")
        guard case .file(let storePath) = context.store else { return }
        try reportingFailures {
            let target = try PortfolioStore(path: storePath, busyTimeout: context.busyTimeout)
            // What a second writer that has to wait is told this process is doing.
            target.activity = "import of \(path)"
            let detected = format ?? ImportFormat.detect(path: path)
            let bar = ProgressBar()
            defer { bar.finish() }
            let summary: ImportSummary
            switch detected {
            case .mspdi: summary = try MSPDIImporter().importFile(at: path, projectId: projectId, into: target)
            case .jira: summary = try JiraCSVImporter().importFile(at: path, projectId: projectId, into: target)
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
