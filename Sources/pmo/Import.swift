import ArgumentParser
import PMOStore

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import projects from MS Project XML, a CSV bundle, JSON or a Jira CSV export.",
        discussion: """
            Adds what PATH holds to the store, in one transaction: on any error nothing is \
            written, the error (file, line or element, field, value, reason) goes to stderr \
            and the exit status is 3. Ids already in the store are errors, not updates.

            The format is detected when --format is omitted: a folder is a CSV bundle \
            (docs/csv-bundle.md), .json is JSON, .xml is MS Project XML (MSPDI), and a .csv \
            file whose header has 'Issue key' is a Jira export.

            Examples:
              pmo import plan.xml
              pmo import pmo-demo/data --store portfolio.sqlite
              pmo import jira.csv --format jira --project-id PRJ-007
            """
    )

    @Argument(help: "The file or CSV bundle folder to import.")
    var path: String

    @Option(help: "The input format: mspdi, csv, json or jira (detected when omitted).")
    var format: ImportFormat?

    @Option(help: "The store file; created when missing.")
    var store: String = defaultStorePath

    @Option(help: "MSPDI: the id of the imported project (default: the file name). Jira: the store project the work items belong to.")
    var projectId: String?

    func run() throws {
        try reportingDataErrors {
            let target = try PortfolioStore(path: store)
            let detected = format ?? ImportFormat.detect(path: path)
            let summary: ImportSummary
            switch detected {
            case .mspdi: summary = try MSPDIImporter().importFile(at: path, projectId: projectId, into: target)
            case .jira: summary = try JiraCSVImporter().importFile(at: path, projectId: projectId, into: target)
            default: summary = try target.importData(at: path, format: detected)
            }
            print("\(path): \(summary) (store \(store))")
        }
    }
}

extension ImportFormat: ExpressibleByArgument {}
