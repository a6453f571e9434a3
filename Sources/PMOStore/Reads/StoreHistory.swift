import GRDB
import PMOModel

/// A state of the store a read sees: today's tables, the portfolio as it was known on a
/// date, or as it was right after a revision (docs/history.md).
public enum StorePoint: Sendable, Equatable {
    /// The current tables.
    case now
    /// As known on the date: the state after the last revision whose `known_on` is on or
    /// before it (before the first revision when none is).
    case knownOn(Day)
    /// The state right after revision N (0: before the first revision).
    case afterRevision(Int64)
}

/// Reading the store's past from `revisions` and `row_history` (migration v7, the contract in
/// docs/history.md): a row's state after revision N is the current row when no revision after
/// N touched it, else the `before` of the first revision after N that touched it (NULL: the row
/// did not exist yet).
///
/// A past read names each table's source once: the table itself when no revision after N
/// touched it, else a temporary view of the same name over the table and `row_history`
/// (`pastViewSQL`). SQLite looks an unqualified name up in the temp schema first, so every
/// statement of the read (the module's reads, the portfolio load, `pmo.sql`) sees the past
/// unchanged; the views are dropped when the read ends. Reading now creates nothing.
public enum StoreHistory {
    /// The revision a read at `point` sees and whether that is the current state: nil when it
    /// is (no revision after it, or no history in this store).
    static func pastRevision(_ point: StorePoint, in db: Database, hasHistory: Bool) throws -> Int64? {
        guard hasHistory else { return nil }
        let revision: Int64
        switch point {
        case .now:
            return nil
        case .knownOn(let day):
            revision = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM revisions WHERE known_on <= ?",
                                          arguments: [day.description]) ?? 0
        case .afterRevision(let n):
            revision = n
        }
        let last = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM revisions") ?? 0
        return revision < last ? max(revision, 0) : nil
    }

    /// Creates the temporary views that show each table touched after `revision` as it was
    /// then; returns their names (to drop). Runs with the script connection's allow-list off:
    /// the statements are the store's own.
    static func createPastViews(after revision: Int64, in db: Database) throws -> [String] {
        let tables = try String.fetchAll(db, sql: """
            SELECT DISTINCT table_name FROM row_history WHERE revision_id > ? ORDER BY table_name
            """, arguments: [revision])
        var created: [String] = []
        do {
            for table in tables {
                // A name that is not one of the store's data tables (SQLite's or GRDB's own, the
                // derived copies, the history itself, or none) has no past to show.
                guard hasPast(table), let schema = try StoreSchema.schema(ofTable: table, in: db),
                      !keyColumns(schema).isEmpty else { continue }
                try db.execute(sql: pastViewSQL(schema, after: revision))
                created.append(table)
            }
        } catch {
            // None or all: a view left behind would show the past to the next read of now.
            try? dropPastViews(created, in: db)
            throw error
        }
        return created
    }

    /// Whether `table` may be read as it was: a data table, not SQLite's, GRDB's, a derived
    /// copy or the history's own.
    static func hasPast(_ table: String) -> Bool {
        !table.hasPrefix("sqlite_") && !table.hasPrefix("grdb_") && !table.hasPrefix("derived_")
            && table != "revisions" && table != "row_history"
    }

    /// Drops the views `createPastViews` made.
    static func dropPastViews(_ names: [String], in db: Database) throws {
        for name in names { try db.execute(sql: "DROP VIEW IF EXISTS temp.\(name.quotedDatabaseIdentifier)") }
    }

    /// Whether `table` is read as it was in the current read (a past view stands for it):
    /// for the few statements that need the table itself (an `INDEXED BY`, a `rowid`).
    public static func isPast(_ table: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM temp.sqlite_master WHERE type = 'view' AND name = ?",
                          arguments: [table]) ?? false
    }

    /// The key columns of a table's `row_key`, in order: its primary key, and for `timephased`
    /// (no declared key) `[project_id, task_id, period_end]` (docs/history.md).
    static func keyColumns(_ schema: TableSchema) -> [String] {
        schema.name == "timephased" ? ["project_id", "task_id", "period_end"] : schema.primaryKey
    }

    /// `row_key` of a row of the table, as SQL over its columns (`alias.column`): a compact
    /// JSON array of the key's values in key order, as SQLite's json_array writes it.
    static func rowKeySQL(_ schema: TableSchema, alias: String) -> String {
        "json_array(" + keyColumns(schema).map { "\(alias).\($0.quotedDatabaseIdentifier)" }.joined(separator: ", ") + ")"
    }

    /// A column's value out of a JSON object of a row (`before`), as the table would hold it:
    /// a REAL column's whole number (JSON writes 5.0 as 5) comes back as a REAL.
    static func valueSQL(_ column: ColumnSchema, json: String) -> String {
        let path = "'$.\"\(column.name.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\"", with: "\\\""))\"'"
        let value = "json_extract(\(json), \(path))"
        guard column.type == .real else { return value }
        return "iif(json_type(\(json), \(path)) = 'integer', \(value) + 0.0, \(value))"
    }

    /// The view of `schema`'s table as it was after `revision`: the current rows no later
    /// revision touched, and for every row a later one touched, the `before` of the first
    /// (none when that `before` is NULL: the row was added later). Columns in the table's
    /// order, from the live schema: a column added since reads NULL.
    static func pastViewSQL(_ schema: TableSchema, after revision: Int64) -> String {
        let name = schema.name.quotedDatabaseIdentifier
        let literal = "'" + schema.name.replacingOccurrences(of: "'", with: "''") + "'"
        let columns = schema.columns.map { $0.name.quotedDatabaseIdentifier }
        let current = columns.map { "t.\($0)" }.joined(separator: ", ")
        let past = zip(schema.columns, columns).map { "\(valueSQL($0, json: "h.before")) AS \($1)" }.joined(separator: ", ")
        // The current rows come last: SQLite takes a compound SELECT's declared column types
        // (DATE, which the scripting layer turns into Date values) from its last SELECT.
        return """
            CREATE TEMP VIEW \(name) AS
            SELECT \(past) FROM main.row_history AS h
            WHERE h.table_name = \(literal) AND h.revision_id > \(revision) AND h.before IS NOT NULL
              AND h.revision_id = (SELECT min(f.revision_id) FROM main.row_history AS f
                                   WHERE f.table_name = \(literal) AND f.row_key = h.row_key AND f.revision_id > \(revision))
            UNION ALL
            SELECT \(current) FROM main.\(name) AS t
            WHERE \(rowKeySQL(schema, alias: "t")) NOT IN (
                SELECT row_key FROM main.row_history WHERE table_name = \(literal) AND revision_id > \(revision))
            """
    }
}

// MARK: - What changed between two states

extension StoreHistory {
    /// A row a revision between two states touched, with its state in each: nil where the row
    /// did not exist. Values are by column name, as the table holds them.
    public struct ChangedRow: Sendable, Equatable {
        public let table: String
        /// The row's key, its `row_key` (a JSON array of its key columns' values).
        public let key: String
        public let projectId: String?
        public let before: [String: DatabaseValue]?
        public let after: [String: DatabaseValue]?
    }

    /// The revision a state is after (`StorePoint`), the current one for `.now`.
    public static func revision(at point: StorePoint, in db: Database) throws -> Int64 {
        guard try db.tableExists("revisions") else { return 0 }
        switch point {
        case .now:
            return try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM revisions") ?? 0
        case .knownOn(let day):
            return try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM revisions WHERE known_on <= ?",
                                      arguments: [day.description]) ?? 0
        case .afterRevision(let n):
            return max(n, 0)
        }
    }

    /// Every row a revision in `from`+1 ... `to` touched (`from` < `to`), with its state after
    /// `from` (the `before` of the first such revision) and after `to` (the `before` of the
    /// first revision after `to` that touched it, else the current row), by table then key.
    /// A row back where it was (changed and changed back) is left out. Tables the store no
    /// longer has are skipped.
    public static func changes(from: Int64, to: Int64, in db: Database) throws -> [ChangedRow] {
        guard from < to, try db.tableExists("row_history") else { return [] }
        let touched = try Row.fetchAll(db, sql: """
            SELECT h.table_name, h.row_key, max(h.project_id) AS project_id,
                (SELECT f.before FROM row_history AS f WHERE f.table_name = h.table_name AND f.row_key = h.row_key
                    AND f.revision_id > ?1 ORDER BY f.revision_id LIMIT 1) AS before_from,
                (SELECT f.before FROM row_history AS f WHERE f.table_name = h.table_name AND f.row_key = h.row_key
                    AND f.revision_id > ?2 ORDER BY f.revision_id LIMIT 1) AS before_to,
                EXISTS (SELECT 1 FROM row_history AS f WHERE f.table_name = h.table_name AND f.row_key = h.row_key
                    AND f.revision_id > ?2) AS touched_later
            FROM row_history AS h
            WHERE h.revision_id > ?1 AND h.revision_id <= ?2
            GROUP BY h.table_name, h.row_key
            ORDER BY h.table_name, h.row_key
            """, arguments: [from, to])
        var schemas: [String: TableSchema?] = [:]
        var out: [ChangedRow] = []
        for row in touched {
            let table: String = row["table_name"]
            let key: String = row["row_key"]
            if schemas[table] == nil { schemas[table] = .some(hasPast(table) ? try StoreSchema.schema(ofTable: table, in: db) : nil) }
            guard let schema = schemas[table] ?? nil else { continue }
            let before = try (row["before_from"] as String?).map { try values(ofJSON: $0, schema, db) }
            let after: [String: DatabaseValue]?
            if row["touched_later"] as Bool {
                after = try (row["before_to"] as String?).map { try values(ofJSON: $0, schema, db) }
            } else {
                after = try currentRow(schema, key: key, db)
            }
            if before == after { continue }
            out.append(ChangedRow(table: table, key: key, projectId: row["project_id"], before: before, after: after))
        }
        return out
    }

    /// The columns of a row's JSON object (a `before`), by the live schema's columns.
    static func values(ofJSON json: String, _ schema: TableSchema, _ db: Database) throws -> [String: DatabaseValue] {
        let sql = "SELECT " + schema.columns.map { valueSQL($0, json: "?1") }.joined(separator: ", ")
        let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [json])
        var out: [String: DatabaseValue] = [:]
        for (i, column) in schema.columns.enumerated() { out[column.name] = row?[i] ?? .null }
        return out
    }

    /// The current row of the table whose `row_key` is `key`, nil when there is none.
    static func currentRow(_ schema: TableSchema, key: String, _ db: Database) throws -> [String: DatabaseValue]? {
        let keys = keyColumns(schema)
        guard !keys.isEmpty else { return nil }
        let condition = keys.enumerated().map { i, c in "\(c.quotedDatabaseIdentifier) IS json_extract(?1, '$[\(i)]')" }
        let sql = "SELECT " + schema.columns.map { $0.name.quotedDatabaseIdentifier }.joined(separator: ", ")
            + " FROM main.\(schema.name.quotedDatabaseIdentifier) WHERE " + condition.joined(separator: " AND ") + " LIMIT 1"
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [key]) else { return nil }
        var out: [String: DatabaseValue] = [:]
        for (i, column) in schema.columns.enumerated() { out[column.name] = row[i] }
        return out
    }
}
