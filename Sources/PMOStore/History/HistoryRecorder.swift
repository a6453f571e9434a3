import Foundation
import GRDB
import PMOModel

/// What kind of write a revision records (`revisions.kind`).
public enum RevisionKind: String, Sendable {
    /// `pmo import`.
    case `import`
    /// A script's `pmo.transaction` (`PortfolioStore.apply`).
    case transaction
}

/// How a recorded write is told apart in `revisions` (docs/history.md).
public struct RevisionOptions: Sendable {
    /// The day from which the portfolio is known as it is after this write; nil: the day of
    /// `recorded_at` (UTC). It may not be before the latest revision's.
    public var knownOn: Day?
    /// Who records it; nil: `USER`, else `LOGNAME`, else the uid.
    public var recordedBy: String?
    /// Do everything, report what would change, write nothing (`pmo import --dry-run`).
    public var dryRun: Bool
    /// How many rows of each kind (added, changed, removed) per table the summary names.
    public var samples: Int

    public init(knownOn: Day? = nil, recordedBy: String? = nil, dryRun: Bool = false, samples: Int = 0) {
        self.knownOn = knownOn
        self.recordedBy = recordedBy
        self.dryRun = dryRun
        self.samples = samples
    }

    /// The user running pmo: `USER`, else `LOGNAME`, else `uid N`.
    public static var currentUser: String {
        let env = ProcessInfo.processInfo.environment
        if let user = env["USER"], !user.isEmpty { return user }
        if let user = env["LOGNAME"], !user.isEmpty { return user }
        return "uid \(getuid())"
    }
}

/// One revision being recorded, inside the write transaction that makes it (docs/history.md).
///
/// It adds the `revisions` row first (so the `row_history` rows can name it), and temporary
/// triggers on every data table that keep the row as it was before whenever a statement of
/// this transaction deletes or changes it: the import's own statements, and what SQLite's
/// foreign-key actions do on their own (a removed task's assignments, a milestone whose task
/// is gone). For a script's transaction they record inserts too; an import records what it
/// adds with one statement a table (`recordAdded`), set-based. A row touched twice keeps the
/// first `before` (`INSERT OR IGNORE` on the key `(table_name, row_key, revision_id)`).
/// `finish` then drops what nets to nothing, counts what is left and writes the counts.
final class HistoryRecorder {
    let db: Database
    let revision: Int64
    /// The day the revision is known on.
    let knownOn: Day
    /// The file, folder or script the revision records.
    let source: String
    let shapes: [String: HistoryShape]
    /// Tables in the order their changes are reported: parents before children.
    let order: [String]
    private let triggers: [String]

    /// Starts a revision: refuses a `knownOn` before the latest revision's, adds the row and
    /// the triggers. `source` is the file, folder or script; `sha256` its digest.
    init(db: Database, kind: RevisionKind, source: String, format: String?, options: RevisionOptions) throws {
        self.db = db
        self.source = source
        let now = Date()
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0) ?? utc.timeZone
        let parts = utc.dateComponents([.year, .month, .day], from: now)
        guard let today = Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) else {
            throw StoreError("cannot tell today's date")
        }
        let latest = try Row.fetchOne(db, sql: "SELECT id, known_on, kind, source FROM revisions ORDER BY id DESC LIMIT 1")
        let latestDay: Day? = latest.flatMap { Day(($0["known_on"] as String?) ?? "") }
        var knownOn = options.knownOn ?? today
        if let latest, let latestDay, knownOn < latestDay {
            let id = Int64.fromDatabaseValue(latest["id"]) ?? 0
            let what = String.fromDatabaseValue(latest["kind"]) ?? "?", from = String.fromDatabaseValue(latest["source"]) ?? "?"
            if kind == .transaction {
                // A script's write comes after the imports a PMO dated: it is known from the
                // latest of them when the date it reads the portfolio as of is earlier.
                knownOn = latestDay
            } else {
                let given = options.knownOn.map { "--known-on \($0)" } ?? "today (\(today), UTC)"
                throw DataError(file: source, field: "known_on", value: knownOn.description,
                                reason: "\(given) is before \(latestDay), the day revision \(id) (\(what) of \(from)) is known on; revisions are recorded in the order the portfolio was known: import the files in date order, or pass --known-on \(latestDay) or later")
            }
        }
        try db.execute(sql: """
            INSERT INTO revisions (kind, source, format, recorded_at, known_on, recorded_by) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [kind.rawValue, source, format, HistoryRecorder.isoTime(now), knownOn.description,
                             options.recordedBy ?? RevisionOptions.currentUser])
        revision = db.lastInsertedRowID
        self.knownOn = knownOn
        let tables = try StoreSchema.tables(db) + [StoreSchema.customFieldsSchema(db)]
        var shapes: [String: HistoryShape] = [:]
        for table in tables { shapes[table.name] = try HistoryShape(table: table, all: tables) }
        self.shapes = shapes
        order = tables.map(\.name)
        try db.execute(sql: "CREATE TEMP TABLE history_revision (revision_id INTEGER NOT NULL)")
        try db.execute(sql: "INSERT INTO temp.history_revision VALUES (?)", arguments: [revision])
        // The rows the triggers saw: few (what an update changes), so `finish` classifies
        // them without reading the many rows an import adds, which it counts as it adds them.
        try db.execute(sql: "CREATE TEMP TABLE history_touched (table_name TEXT NOT NULL, row_key TEXT NOT NULL, PRIMARY KEY (table_name, row_key)) WITHOUT ROWID")
        var made: [String] = []
        for table in tables {
            guard let shape = shapes[table.name] else { continue }
            made += try HistoryRecorder.makeTriggers(db, shape, inserts: kind == .transaction)
        }
        triggers = made
    }

    /// `2026-12-07T23:40:12Z`.
    static func isoTime(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    private static let insertEntry = "INSERT OR IGNORE INTO row_history (revision_id, table_name, row_key, project_id, before)"

    /// The temporary triggers on one table; returns their names.
    private static func makeTriggers(_ db: Database, _ shape: HistoryShape, inserts: Bool) throws -> [String] {
        let t = shape.table.name
        let name = { (what: String) in "history_\(t)_\(what)".quotedDatabaseIdentifier }
        let entry = { (a: String, before: Bool) in
            """
            \(insertEntry) SELECT revision_id, '\(t)', \(shape.keyJSON(a)), \(shape.project(a)), \(before ? shape.rowJSON(a) : "NULL") FROM temp.history_revision;
            INSERT OR IGNORE INTO history_touched VALUES ('\(t)', \(shape.keyJSON(a)));
            """
        }
        let keyChanged = shape.key.map { "old.\($0.name.quotedDatabaseIdentifier) IS NOT new.\($0.name.quotedDatabaseIdentifier)" }.joined(separator: " OR ")
        let anyChanged = shape.differ("old", "new", in: shape.table.columns.map(\.name))
        var sql = [
            "CREATE TEMP TRIGGER \(name("delete")) AFTER DELETE ON \(shape.mainName) BEGIN \(entry("old", true)) END",
            // A key changed by a script's update: the old key's row went, the new key's came.
            """
            CREATE TEMP TRIGGER \(name("update")) AFTER UPDATE ON \(shape.mainName) WHEN \(anyChanged) BEGIN \(entry("old", true))
            \(insertEntry) SELECT revision_id, '\(t)', \(shape.keyJSON("new")), \(shape.project("new")), NULL FROM temp.history_revision WHERE \(keyChanged);
            INSERT OR IGNORE INTO history_touched SELECT '\(t)', \(shape.keyJSON("new")) WHERE \(keyChanged);
            END
            """,
        ]
        if inserts {
            sql.append("CREATE TEMP TRIGGER \(name("insert")) AFTER INSERT ON \(shape.mainName) BEGIN \(entry("new", false)) END")
        }
        for statement in sql { try db.execute(sql: statement) }
        return (["delete", "update"] + (inserts ? ["insert"] : [])).map { "history_\(t)_\($0)" }
    }

    /// Records as added every row of `table` that `rows` selects (an SQL `FROM ... WHERE ...`
    /// in which the row is `alias`): one statement for all the rows an import adds to a table.
    func recordAdded(_ table: String, alias: String, from rows: String, arguments: StatementArguments = []) throws {
        guard let shape = shapes[table] else { return }
        try db.execute(sql: "\(HistoryRecorder.insertEntry) SELECT ?, '\(table)', \(shape.keyJSON(alias)), \(shape.project(alias)), NULL \(rows)",
                       arguments: [revision] + arguments)
        // A row the triggers saw go earlier in this revision (removed by a foreign-key action,
        // then added back) keeps its first entry, is among the touched rows, and is not new.
        added[table, default: 0] += db.changesCount
    }

    /// Rows `recordAdded` recorded, per table.
    private var added: [String: Int] = [:]

    /// Records the input's digest (`revisions.sha256`).
    func setDigest(_ sha256: String?) throws {
        try db.execute(sql: "UPDATE revisions SET sha256 = ? WHERE id = ?", arguments: [sha256, revision])
    }

    /// Drops what nets to nothing (a row changed back, a row a script added and removed),
    /// counts the rest per table, writes the counts into the revision, and drops the
    /// triggers. With `samples`, the first rows of each kind by key, with what changed.
    func finish(samples: Int) throws -> [TableChanges] {
        for name in triggers { try db.execute(sql: "DROP TRIGGER temp.\(name.quotedDatabaseIdentifier)") }
        try db.execute(sql: "DROP TABLE temp.history_revision")
        let touched = Set(try String.fetchAll(db, sql: "SELECT DISTINCT table_name FROM temp.history_touched"))
        var result: [TableChanges] = []
        for table in order where touched.contains(table) || (added[table] ?? 0) > 0 {
            guard let shape = shapes[table] else { continue }
            let current = "(SELECT \(shape.rowJSON("a")) FROM \(shape.mainName) AS a WHERE \(shape.isRow("a", ofEntry: "h")))"
            let exists = "EXISTS (SELECT 1 FROM \(shape.mainName) AS a WHERE \(shape.isRow("a", ofEntry: "h")))"
            let seen = "h.row_key IN (SELECT row_key FROM temp.history_touched WHERE table_name = ?2)"
            var changes = TableChanges(table: table, added: added[table] ?? 0, changed: 0, removed: 0)
            if touched.contains(table) {
                try db.execute(sql: """
                    DELETE FROM row_history AS h WHERE revision_id = ?1 AND table_name = ?2 AND \(seen)
                    AND ((before IS NOT NULL AND before = \(current)) OR (before IS NULL AND NOT \(exists)))
                    """, arguments: [revision, table])
                if let row = try Row.fetchOne(db, sql: """
                    SELECT count(*) FILTER (WHERE before IS NULL), count(*) FILTER (WHERE before IS NOT NULL AND \(exists)),
                           count(*) FILTER (WHERE before IS NOT NULL AND NOT \(exists))
                    FROM row_history AS h WHERE revision_id = ?1 AND table_name = ?2 AND \(seen)
                    """, arguments: [revision, table]) {
                    changes.added += row[0] as Int
                    changes.changed = row[1]
                    changes.removed = row[2]
                }
            }
            guard changes.total > 0 else { continue }
            if samples > 0 { changes.samples = try sample(shape, limit: samples, current: current) }
            result.append(changes)
        }
        try db.execute(sql: "DROP TABLE temp.history_touched")
        let counts = result.map { "\(HistoryRecorder.jsonString($0.table)):{\"added\":\($0.added),\"changed\":\($0.changed),\"removed\":\($0.removed)}" }
        try db.execute(sql: "UPDATE revisions SET added = ?, changed = ?, removed = ?, counts = ? WHERE id = ?", arguments: [
            result.reduce(0) { $0 + $1.added }, result.reduce(0) { $0 + $1.changed }, result.reduce(0) { $0 + $1.removed },
            "{" + counts.joined(separator: ",") + "}", revision,
        ])
        return result
    }

    /// The first rows of each kind, by key, and for a changed row the columns that changed.
    private func sample(_ shape: HistoryShape, limit: Int, current: String) throws -> [RowSample] {
        // The store's row is read only for the entries that need it: whether an entry with a
        // before was removed, and what a changed row is now (for the few shown).
        let rows = try Row.fetchAll(db, sql: """
            SELECT kind, row_key, before, CASE WHEN kind = 1 THEN \(current) END AS now FROM (
                SELECT kind, row_key, before, row_number() OVER (PARTITION BY kind ORDER BY row_key) AS n FROM (
                    SELECT row_key, before, CASE WHEN before IS NULL THEN 0 WHEN \(current) IS NULL THEN 2 ELSE 1 END AS kind
                    FROM row_history AS h WHERE revision_id = ? AND table_name = ?)) AS h
            WHERE n <= ? ORDER BY kind, row_key
            """, arguments: [revision, shape.table.name, limit])
        return rows.map { row in
            let kind = Int.fromDatabaseValue(row["kind"]) ?? 1
            let key = RowSample.keyText(row["row_key"] ?? "")
            switch kind {
            case 0: return RowSample(kind: .added, key: key, changes: [])
            case 2: return RowSample(kind: .removed, key: key, changes: [])
            default:
                return RowSample(kind: .changed, key: key, changes: RowSample.differences(before: row["before"] ?? "{}", after: row["now"] ?? "{}",
                                                                                        columns: shape.table.columns.map(\.name)))
            }
        }
    }

    static func jsonString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed])) ?? Data("[\"?\"]".utf8)
        let text = String(decoding: data, as: UTF8.self)
        return String(text.dropFirst().dropLast())
    }
}

/// What one revision did to one table.
public struct TableChanges: Sendable, Equatable {
    public var table: String
    public var added: Int
    public var changed: Int
    public var removed: Int
    /// The first rows of each kind by key (a dry run's report).
    public var samples: [RowSample] = []

    public var total: Int { added + changed + removed }
}

/// One row a revision added, changed or removed, as a report names it.
public struct RowSample: Sendable, Equatable {
    public enum Kind: String, Sendable { case added, changed, removed }
    public var kind: Kind
    /// The row's key values, joined by ", " (`PRJ-001/T3`; `PRJ-001, -, 2026-03-31`).
    public var key: String
    /// For a changed row: each changed column with its value before and after.
    public var changes: [(column: String, before: String, after: String)]

    public static func == (a: RowSample, b: RowSample) -> Bool {
        a.kind == b.kind && a.key == b.key && a.changes.map(\.column) == b.changes.map(\.column)
            && a.changes.map(\.before) == b.changes.map(\.before) && a.changes.map(\.after) == b.changes.map(\.after)
    }

    static func keyText(_ json: String) -> String {
        guard let values = (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) as? [Any] else { return json }
        return values.map(show).joined(separator: ", ")
    }

    static func show(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "-"
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        case let v?: return "\(v)"
        }
    }

    static func differences(before: String, after: String, columns: [String]) -> [(column: String, before: String, after: String)] {
        func object(_ text: String) -> [String: Any] {
            ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:]
        }
        let b = object(before), a = object(after)
        return columns.compactMap { c in
            let x = show(b[c]), y = show(a[c])
            return x == y ? nil : (c, x, y)
        }
    }
}
