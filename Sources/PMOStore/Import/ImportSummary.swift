/// What an import added, table by table, in insertion order.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    /// Rows added per table, tables with no rows left out.
    public private(set) var added: [(table: String, rows: Int)] = []

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

    /// Equal when the same tables gained the same rows.
    public static func == (a: ImportSummary, b: ImportSummary) -> Bool {
        a.added.map(\.table) == b.added.map(\.table) && a.added.map(\.rows) == b.added.map(\.rows)
    }
}
