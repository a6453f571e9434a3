import PMOModel

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

/// What an import did, table by table in insertion order (parents first): rows added,
/// changed and removed, and what it warned about. An import into an empty scope only adds;
/// a re-import also changes and removes (docs/importers.md, "Import is an update").
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    /// Rows added per table, tables with no rows left out.
    public private(set) var added: [(table: String, rows: Int)] = []
    /// Rows changed per table.
    public private(set) var changed: [(table: String, rows: Int)] = []
    /// Rows removed per table (rows SQLite's foreign-key actions removed with them included).
    public private(set) var removed: [(table: String, rows: Int)] = []
    /// Per table, with the first rows of each kind when asked for (`--dry-run`).
    public private(set) var tables: [TableChanges] = []

    /// The revision recorded (`revisions.id`); nil when nothing changed, or on a dry run.
    public internal(set) var revision: Int64?
    /// The day the recorded revision is known on (`revisions.known_on`); nil with `revision`.
    public internal(set) var knownOn: Day?
    /// Nothing was written: the summary says what the import would have changed.
    public internal(set) var dryRun = false

    /// Inconsistencies the import accepted, in file order (see docs/importers.md for which
    /// are warnings and which are errors).
    public internal(set) var warnings: [ImportWarning] = []

    /// An empty summary.
    public init() {}

    /// The summary of a revision's changes.
    init(changes: [TableChanges]) {
        tables = changes
        for t in changes {
            if t.added > 0 { added.append((t.table, t.added)) }
            if t.changed > 0 { changed.append((t.table, t.changed)) }
            if t.removed > 0 { removed.append((t.table, t.removed)) }
        }
    }

    /// Total rows added.
    public var totalRows: Int { added.reduce(0) { $0 + $1.rows } }

    /// Rows added, changed and removed.
    public var totalChanges: Int { tables.reduce(0) { $0 + $1.total } + (tables.isEmpty ? totalRows : 0) }

    mutating func add(_ rows: Int, to table: String) {
        guard rows > 0 else { return }
        if let i = added.firstIndex(where: { $0.table == table }) {
            added[i].rows += rows
        } else {
            added.append((table, rows))
        }
    }

    /// `added 40 projects, 480 status_reports`, and for a re-import `; changed 4 tasks; removed
    /// 1 task`; `no change` when nothing differed. One row is named in the singular (`1
    /// project`: every table named in the plural ends in "s", and those that do not,
    /// `organisation`, `timephased`, `gate_evidence`, are not plurals).
    public var description: String {
        func list(_ verb: String, _ rows: [(table: String, rows: Int)]) -> String? {
            rows.isEmpty ? nil : verb + " " + rows.map { t in
                "\(t.rows) \(t.rows == 1 && t.table.hasSuffix("s") ? String(t.table.dropLast()) : t.table)"
            }.joined(separator: ", ")
        }
        let parts = [list("added", added), list("changed", changed), list("removed", removed)].compactMap { $0 }
        return parts.isEmpty ? "no change" : parts.joined(separator: "; ")
    }

    /// Equal when the same tables gained, changed and lost the same rows with the same warnings.
    public static func == (a: ImportSummary, b: ImportSummary) -> Bool {
        func same(_ x: [(table: String, rows: Int)], _ y: [(table: String, rows: Int)]) -> Bool {
            x.map(\.table) == y.map(\.table) && x.map(\.rows) == y.map(\.rows)
        }
        return same(a.added, b.added) && same(a.changed, b.changed) && same(a.removed, b.removed) && a.warnings == b.warnings
    }
}
