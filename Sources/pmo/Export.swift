import ArgumentParser
import Foundation
import PMOStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the workspace's store as a CSV bundle or one JSON document.",
        discussion: """
            Writes every non-empty table: with --format csv one DIR/<table>.csv per table \
            (docs/csv-bundle.md), with --format json one DIR/pmo.json. Rows are sorted by key \
            (parents first where rows name a parent row of their own table: a summary task \
            before its tasks, a base calendar before the calendars based on it) and columns \
            by schema order, so exporting the same store twice gives the same bytes. Custom fields come out as extra columns or keys. `pmo import` of the result \
            gives the same store.

            Examples:
              pmo export --format csv backup
              pmo export --format json out --store data/pmo.sqlite
            """
    )

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @Option(help: "csv (a bundle folder) or json (DIR/pmo.json).")
    var format: Format

    @Argument(help: "The folder to write into (created when missing).")
    var dir: String

    @OptionGroup var where_: WorkspaceOptions

    func run() throws {
        let context = try where_.requiredContext(for: "export")
        try reportingFailures {
            let source = try context.store.open()
            switch format {
            case .csv:
                let summary = try CSVBundleExporter().export(source, to: dir)
                print("\(dir): wrote \(summary.totalRows) rows in \(summary.added.count) CSV files")
            case .json:
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let path = (dir as NSString).appendingPathComponent("pmo.json")
                let summary = try JSONExporter().export(source, to: path)
                print("\(path): wrote \(summary.totalRows) rows")
            }
        }
    }
}
