import GRDB

/// Which of a table's rows in the store an import owns: the rows it removes when its input no
/// longer has them (docs/importers.md, "Import is an update"). Rows outside the scope are
/// never removed; a row of the input whose key is in the store is updated wherever it is.
struct RefreshScope {
    /// An SQL condition on the table's own columns (unqualified): `project_id = ?`.
    var condition: String
    var arguments: StatementArguments
    /// The columns an update sets (those the input carries); nil: every column the input
    /// gives. Keys are never updated.
    var carried: [String]?
    /// Columns an update never sets, though the input gives them (a Jira export read without
    /// `--project-id` gives no project, and keeps the one a work item has).
    var kept: [String]

    init(_ condition: String, _ arguments: StatementArguments = [], carried: [String]? = nil, kept: [String] = []) {
        self.condition = condition
        self.arguments = arguments
        self.carried = carried
        self.kept = kept
    }

    /// The whole table (a CSV bundle's file, a JSON document's array).
    static let wholeTable = RefreshScope("1")
    /// No row: the input's rows are added or updated, none removed.
    static let none = RefreshScope("0")
}

/// One table of an import, written as an update of the store's rows (docs/importers.md): the
/// input's rows are staged in a temporary table, then merged in a few set-based statements,
/// parents before children:
///
/// 1. the changes: one join of the staged rows with the store's on the key gives the rows
///    that are new and those whose carried columns differ (`refresh_delta`);
/// 2. references checked, naming the input's line (a reference to a row the input no longer
///    has, or to one that never was);
/// 3. new rows inserted (in input order, so a parent task comes before its children) and
///    recorded as added; changed rows updated;
/// 4. rows in scope that the input does not have deleted (the history triggers keep them,
///    and whatever SQLite's foreign-key actions do to their children).
///
/// Set-based, because that is what makes a refresh cheap: row by row, each of the 1.6 million
/// rows of a 10,000-project bundle would cost a lookup, a comparison and a statement in
/// Swift; joined in SQL, the unchanged 90% cost one index probe each inside SQLite.
///
/// A table whose scope is the whole table and that is empty in the store skips the stage: its
/// rows go straight in, as a first import always did (`direct`).
final class TableRefresh {
    let db: Database
    let table: TableSchema
    let shape: HistoryShape
    let scope: RefreshScope
    let recorder: HistoryRecorder
    /// The rows go straight into the store's table.
    let direct: Bool
    /// Where the importer inserts: the stage, or the store's table when `direct`.
    let target: String
    private let stage: String

    init(db: Database, table: TableSchema, scope: RefreshScope, recorder: HistoryRecorder, allowDirect: Bool = false,
         stageName: String? = nil) throws {
        self.db = db
        self.table = table
        self.scope = scope
        self.recorder = recorder
        guard let shape = recorder.shapes[table.name] else { throw StoreError("\(table.name): not a table of the store") }
        self.shape = shape
        stage = stageName ?? "refresh_\(table.name)"
        var direct = false
        if allowDirect, scope.condition == RefreshScope.wholeTable.condition {
            direct = try Bool.fetchOne(db, sql: """
                SELECT NOT EXISTS (SELECT 1 FROM \(shape.mainName)) AND NOT EXISTS (SELECT 1 FROM main.custom_fields WHERE entity = ?)
                """, arguments: [table.name]) ?? false
        }
        self.direct = direct
        if direct {
            target = shape.mainName
        } else {
            target = "temp.\(stage.quotedDatabaseIdentifier)"
            try TableRefresh.createStage(db, table: table, name: stage)
        }
    }

    /// A temporary table with the columns of `table` (types, NOT NULL, defaults), its primary
    /// key and unique keys, and `_line`, the row's place in the input. No foreign keys (a
    /// temporary table cannot refer to the store's) and no CHECK constraints (every value is
    /// checked against the same declaration before it is staged: `ColumnSchema`).
    static func createStage(_ db: Database, table: TableSchema, name: String) throws {
        let q = { (s: String) in s.quotedDatabaseIdentifier }
        let info = try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info(?)", arguments: [table.name])
        var columns = info.map { row -> String in
            let n: String = row["name"], type: String = row["type"], notNull: Bool = row["notnull"]
            let dflt: String? = row["dflt_value"]
            return "\(q(n)) \(type)\(notNull ? " NOT NULL" : "")\(dflt.map { " DEFAULT \($0)" } ?? "")"
        }
        columns.append("_line INTEGER")
        if !table.primaryKey.isEmpty { columns.append("PRIMARY KEY (\(table.primaryKey.map(q).joined(separator: ", ")))") }
        try db.execute(sql: "DROP TABLE IF EXISTS temp.\(q(name))")
        try db.execute(sql: "CREATE TEMP TABLE \(q(name)) (\(columns.joined(separator: ", ")))")
        // Unique keys, so a key repeated within the input fails at its second row: UNIQUE
        // constraints by their columns, unique indexes (on expressions too) from their SQL.
        let indexes = try Row.fetchAll(db, sql: "SELECT name, origin FROM pragma_index_list(?) WHERE \"unique\" AND origin <> 'pk'",
                                       arguments: [table.name])
        for (i, index) in indexes.enumerated() {
            let indexName: String = index["name"], origin: String = index["origin"]
            let unique = q("\(name)_unique_\(i)")
            if origin == "u" {
                let cols = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?) ORDER BY seqno", arguments: [indexName])
                try db.execute(sql: "CREATE UNIQUE INDEX temp.\(unique) ON \(q(name)) (\(cols.map(q).joined(separator: ", ")))")
            } else if let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [indexName]),
                      let on = sql.range(of: " ON ", options: .caseInsensitive),
                      let open = sql[on.upperBound...].firstIndex(of: "(") {
                try db.execute(sql: "CREATE UNIQUE INDEX temp.\(unique) ON \(q(name)) \(sql[open...])")
            }
        }
    }

    /// Merges the staged rows into the store (or, for `direct`, records the rows inserted),
    /// within the import's transaction. `columns` are those the input gave; an update sets
    /// those of them the scope carries. `location` names a staged row by its `_line`.
    func merge(columns given: [String], location: (Int64) -> SourceLocation) throws {
        if direct {
            try recorder.recordAdded(table.name, alias: "a", from: "FROM \(shape.mainName) AS a")
            return
        }
        let q = { (s: String) in s.quotedDatabaseIdentifier }
        let stageName = "temp.\(q(stage))"
        let keyNames = Set(shape.key.map(\.name))
        let carried = (scope.carried.map { c in given.filter(c.contains) } ?? given).filter { !keyNames.contains($0) && !scope.kept.contains($0) && table.column($0) != nil }
        let probe = q(shape.key[0].name)
        try db.execute(sql: "DROP TABLE IF EXISTS temp.refresh_delta")
        try db.execute(sql: """
            CREATE TEMP TABLE refresh_delta AS
            SELECT s.rowid AS srow, m.\(probe) IS NULL AS is_new FROM \(stageName) AS s LEFT JOIN \(shape.mainName) AS m ON \(shape.sameKey("m", "s"))
            WHERE m.\(probe) IS NULL OR \(shape.differ("m", "s", in: carried))
            """)
        defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.refresh_delta") }
        try checkReferences(stageName: stageName, location: location)
        let all = table.columns.map { q($0.name) }
        let delta = "FROM temp.refresh_delta AS d JOIN \(stageName) AS s ON s.rowid = d.srow"
        try recorder.recordAdded(table.name, alias: "s", from: "\(delta) WHERE d.is_new")
        let selfReferencing = table.columns.contains { $0.references == table.name }
        // A new row may name a new parent later in the input; the references were checked
        // above, so SQLite checks them at the end of the transaction instead of row by row.
        // It stays on until then (SQLite switches it off at COMMIT or ROLLBACK): switched off
        // in between, a violation counted while it was on (a project naming the calendar
        // merged after it) is not taken back when the parent arrives, and COMMIT fails with
        // nothing left to name (`PRAGMA foreign_key_check` finds no row).
        if selfReferencing { try db.execute(sql: "PRAGMA defer_foreign_keys = ON") }
        try run("adding rows") {
            try db.execute(sql: """
                INSERT INTO \(shape.mainName) (\(all.joined(separator: ", "))) SELECT \(all.map { "s.\($0)" }.joined(separator: ", ")) \(delta)
                WHERE d.is_new ORDER BY s.rowid
                """)
        }
        if !carried.isEmpty {
            try run("updating rows") {
                try db.execute(sql: """
                    UPDATE \(shape.mainName) AS m SET \(carried.map { "\(q($0)) = s.\(q($0))" }.joined(separator: ", "))
                    \(delta) WHERE NOT d.is_new AND \(shape.sameKey("m", "s"))
                    """)
            }
        }
        try removeMissing(stageName: stageName)
    }

    /// Deletes the rows in scope that the input does not have.
    private func removeMissing(stageName: String) throws {
        guard scope.condition != RefreshScope.none.condition else { return }
        try run("removing rows") {
            try db.execute(sql: """
                DELETE FROM \(shape.mainName) AS m WHERE (\(scope.condition))
                AND NOT EXISTS (SELECT 1 FROM \(stageName) AS s WHERE \(shape.sameKey("m", "s")))
                """, arguments: scope.arguments)
        }
    }

    /// Every reference of a new or changed row names a row the store has (its parents were
    /// merged before it, so a parent the input removed is gone); a reference within the table
    /// names a row of the input, or one of the store's that the import does not own.
    private func checkReferences(stageName: String, location: (Int64) -> SourceLocation) throws {
        let q = { (s: String) in s.quotedDatabaseIdentifier }
        for column in table.columns {
            // A reference checked at commit (a project's calendar: the two name each other) is
            // checked once every table is in (StoreSchema.checkDeferredReferences).
            guard let parent = column.references,
                  !StoreSchema.deferredReferences.contains("\(table.name).\(column.name)") else { continue }
            let c = q(column.name)
            let sql: String
            var arguments: StatementArguments = []
            if parent == table.name {
                sql = """
                    SELECT s._line, s.\(c) FROM \(stageName) AS s WHERE s.\(c) IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM \(stageName) AS p WHERE p.id = s.\(c))
                    AND NOT EXISTS (SELECT 1 FROM \(shape.mainName) WHERE id = s.\(c) AND NOT (\(scope.condition)))
                    ORDER BY s._line LIMIT 1
                    """
                arguments = scope.arguments
            } else {
                sql = """
                    SELECT s._line, s.\(c) FROM temp.refresh_delta AS d JOIN \(stageName) AS s ON s.rowid = d.srow WHERE s.\(c) IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM main.\(q(parent)) AS p WHERE p.id = s.\(c)) ORDER BY s._line LIMIT 1
                    """
            }
            if let row = try Row.fetchOne(db, sql: sql, arguments: arguments) {
                let line = Int64.fromDatabaseValue(row[0]) ?? 0
                let raw: DatabaseValue = row[1]
                let value = String.fromDatabaseValue(raw) ?? raw.description
                throw location(line).error(field: column.name, value: value,
                                           "no row of \(parent) has this id (the input does not have it, or the store does not); add it to \(parent) first (parents must come before the rows that refer to them) or fix the reference")
            }
        }
    }

    /// Runs a merge statement; a constraint that fails there (checked values and references
    /// should have caught it) is reported against the table and the input.
    private func run(_ what: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw DataError(file: recorder.source, reason: "\(table.name): \(what) broke a rule of the store (\(error.message ?? "constraint")); nothing was written")
        }
    }

    /// Drops the stage (the import's transaction ends soon; a connection may live on).
    func dropStage() throws {
        if !direct { try db.execute(sql: "DROP TABLE IF EXISTS temp.\(stage.quotedDatabaseIdentifier)") }
    }
}
