/// Something an import accepted but that the user should know: the data landed as the file
/// gives it, and the warning says where and why it looks wrong.
///
/// Printed like a `DataError`: `plan.xml:12: /Project/Tasks[1]/Task[3]: task UID 3 'Survey':
/// start 2019-02-01 is after finish 2019-01-15; imported as given`.
public struct ImportWarning: Sendable, Equatable, CustomStringConvertible {
    /// Where in the input it is.
    public var location: SourceLocation
    /// What is inconsistent, with the values.
    public var message: String

    /// Creates a warning at `file`, its `line` and element or key `path` when known.
    public init(file: String, line: Int? = nil, path: String? = nil, message: String) {
        location = SourceLocation(file: file, line: line, path: path)
        self.message = message
    }

    /// `file:line: path: message`, the place written as errors write it.
    public var description: String {
        "\(location): \(message)"
    }
}

/// What an import added, table by table, in insertion order, and what it warned about.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    /// Rows added per table, tables with no rows left out.
    public private(set) var added: [(table: String, rows: Int)] = []

    /// Inconsistencies the import accepted, in file order (see docs/importers.md for which
    /// are warnings and which are errors).
    public internal(set) var warnings: [ImportWarning] = []

    /// An empty summary.
    public init() {}

    /// Total rows added.
    public var totalRows: Int { added.reduce(0) { $0 + $1.rows } }

    mutating func add(_ rows: Int, to table: String) {
        guard rows > 0 else { return }
        if let i = added.firstIndex(where: { $0.table == table }) {
            added[i].rows += rows
        } else {
            added.append((table, rows))
        }
    }

    /// `added 40 projects, 480 status_reports`; one row is named in the singular (`1 project`:
    /// every table named in the plural ends in "s", and those that do not, `organisation`,
    /// `timephased`, `gate_evidence`, are not plurals).
    public var description: String {
        added.isEmpty ? "added nothing" : "added " + added.map { t in
            "\(t.rows) \(t.rows == 1 && t.table.hasSuffix("s") ? String(t.table.dropLast()) : t.table)"
        }.joined(separator: ", ")
    }

    /// Equal when the same tables gained the same rows with the same warnings.
    public static func == (a: ImportSummary, b: ImportSummary) -> Bool {
        a.added.map(\.table) == b.added.map(\.table) && a.added.map(\.rows) == b.added.map(\.rows) && a.warnings == b.warnings
    }
}
