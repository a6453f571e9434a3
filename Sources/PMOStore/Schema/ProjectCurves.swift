import Foundation
import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import PMOModel

/// Each project's project-level time-phased rows (the cumulative PV, EV and AC per period
/// that earned value and earned schedule read) packed into one blob, a derived copy of
/// `timephased` kept so the portfolio load reads one row per project instead of one per
/// period (at 10,000 demo projects, 10,000 rows against 162,619), because scanning the
/// covering index row by row was most of the load's time (the measurement is in commit
/// 661e644's message).
///
/// Coherence: triggers on `timephased` note the project of any insert, update or delete of a
/// project-level row (cascades from a deleted project included) in `derived_stale_curves`,
/// whoever writes it, the `sqlite3` shell too. Every write transaction of
/// `PortfolioStore.write` re-packs those projects before it commits, so the copy and the rows
/// commit together; a transaction that changes one project's rows re-packs that project, not
/// all 10,000. A bulk write (an import) marks the whole copy stale instead
/// (`derived_state.fresh` = 0, which also quiets the triggers), and it is rebuilt whole. A
/// reader that finds any of it stale (the store was changed by another program since) reads
/// the rows themselves: the copy is only ever a faster path to the same answer. The tables and
/// triggers are migrations v3 and v4 (`Migrations`); the store builds the copy after migrating.
///
/// Blob layout, little-endian, 28 bytes a period in period order: the period end (Int32,
/// days since 1970-01-01), then PV, EV and AC (Float64 bit patterns; NaN stands for NULL,
/// which SQLite never stores as a REAL: it turns NaN into NULL).
public enum ProjectCurves {
    public static let table = "derived_project_curves"
    static let stateTable = "derived_state"
    static let staleTable = "derived_stale_curves"
    static let periodBytes = 28

    /// The state of the copy: nil on a store older than v3, which has no copy; else whether it
    /// is fresh as a whole and how many projects are stale in it.
    private static func state(_ db: Database) throws -> (fresh: Bool, staleProjects: Int)? {
        guard try db.tableExists(stateTable) else { return nil }
        let row = try Row.fetchOne(db, sql: """
            SELECT fresh, (SELECT count(*) FROM \(staleTable)) FROM \(stateTable) WHERE name = 'project_curves'
            """)
        return (row?[0] ?? false, row?[1] ?? 0)
    }

    /// True when the whole copy matches the rows (false too on a store older than v3).
    public static func isFresh(_ db: Database) throws -> Bool {
        guard let state = try state(db) else { return false }
        return state.fresh && state.staleProjects == 0
    }

    /// Whether the read can use the copy: it is fresh and the read sees `timephased` as it is
    /// now (a read of the past sees it through a view, `StoreHistory`, which the copy does not
    /// describe). One statement: the hot path pays nothing for history.
    static func isUsable(_ db: Database) throws -> Bool {
        guard try db.tableExists(stateTable) else { return false }
        let row = try Row.fetchOne(db, sql: """
            SELECT fresh, (SELECT count(*) FROM \(staleTable)),
                (SELECT count(*) FROM temp.sqlite_master WHERE type = 'view' AND name = 'timephased')
            FROM \(stateTable) WHERE name = 'project_curves'
            """)
        return (row?[0] ?? false) && (row?[1] ?? 1) == 0 && (row?[2] ?? 1) == 0
    }

    /// Marks the whole copy stale, to be rebuilt whole before the transaction commits: for a
    /// bulk write of time-phased rows (`TableInserter`), whose rows would otherwise each note
    /// their project, and for which one rebuild costs less than re-packing project by project.
    static func markAllStale(_ db: Database) throws {
        try db.execute(sql: "UPDATE \(stateTable) SET fresh = 0 WHERE name = 'project_curves' AND fresh")
    }

    /// Brings the copy up to date. Runs inside every write transaction, and once after the
    /// migrations (`PortfolioStore.migrate`), on a store at v4 or later.
    /// Re-packs the stale projects one by one, or rebuilds the copy whole when it is stale as a
    /// whole or when more than a quarter of its projects are.
    static func refreshIfStale(_ db: Database) throws {
        guard let state = try state(db), !state.fresh || state.staleProjects > 0 else { return }
        let packed = state.fresh ? try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 : 0
        if !state.fresh || state.staleProjects * 4 > packed {
            try rebuildAll(db)
        } else {
            let insert = try db.makeStatement(sql: "INSERT INTO \(table)(project_id, periods) VALUES (?, ?)")
            for id in try String.fetchAll(db, sql: "SELECT project_id FROM \(staleTable)") {
                try db.execute(sql: "DELETE FROM \(table) WHERE project_id = ?", arguments: [id])
                try pack(scan: { try scanRows(db, project: id, $0) }, into: insert)
            }
        }
        try db.execute(sql: "DELETE FROM \(staleTable)")
        try db.execute(sql: "UPDATE \(stateTable) SET fresh = 1 WHERE name = 'project_curves' AND NOT fresh")
    }

    /// Rebuilds the whole copy from the rows (it leaves `derived_state` and the stale projects
    /// to the caller).
    static func rebuildAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM \(table)")
        let insert = try db.makeStatement(sql: "INSERT INTO \(table)(project_id, periods) VALUES (?, ?)")
        try pack(scan: { try scanRows(db, $0) }, into: insert)
    }

    /// Packs the rows a scan gives, one blob a project, and inserts each with `insert`.
    private static func pack(scan: ((UnsafeBufferPointer<UInt8>, Day, Double, Double?, Double?) throws -> Void) throws -> Void,
                             into insert: Statement) throws {
        var blob = Data()
        var project: [UInt8] = []
        func flush() throws {
            guard !project.isEmpty else { return }
            try insert.execute(arguments: [String(decoding: project, as: UTF8.self), blob])
        }
        try scan { id, periodEnd, pv, ev, ac in
            if !id.elementsEqual(project) {
                try flush()
                project = Array(id)
                blob.removeAll(keepingCapacity: true)
            }
            append(periodEnd.daysSinceEpoch.littleEndian, to: &blob)
            append(pv.bitPattern.littleEndian, to: &blob)
            append((ev ?? .nan).bitPattern.littleEndian, to: &blob)
            append((ac ?? .nan).bitPattern.littleEndian, to: &blob)
        }
        try flush()
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to blob: inout Data) {
        withUnsafeBytes(of: value) { blob.append(contentsOf: $0) }
    }

    /// Reads the copy in project id order: `body` gets each project's id and its periods
    /// (valid only during the call). Returns false, having read nothing, when it is stale.
    static func read(_ db: Database, _ body: (UnsafeBufferPointer<UInt8>, Periods) throws -> Void) throws -> Bool {
        guard try isUsable(db) else { return false }
        let statement = try db.makeStatement(sql: "SELECT project_id, periods FROM \(table) ORDER BY project_id")
        try step(db, statement) { stmt in
            let id = UnsafeBufferPointer(start: sqlite3_column_text(stmt, 0), count: Int(sqlite3_column_bytes(stmt, 0)))
            let count = Int(sqlite3_column_bytes(stmt, 1))
            guard count % periodBytes == 0 else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "\(table): the curve of a project is not a whole number of periods")
            }
            try body(id, Periods(bytes: UnsafeRawBufferPointer(start: sqlite3_column_blob(stmt, 1), count: count)))
        }
        return true
    }

    /// One project's packed periods.
    struct Periods {
        let bytes: UnsafeRawBufferPointer
        var count: Int { bytes.count / ProjectCurves.periodBytes }
        func periodEnd(_ i: Int) -> Day {
            Day(daysSinceEpoch: Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * periodBytes, as: Int32.self)))
        }
        /// Field 0 is PV, 1 EV, 2 AC; nil for NULL.
        func value(_ i: Int, _ field: Int) -> Double? {
            let v = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * periodBytes + 4 + 8 * field, as: UInt64.self)))
            return v.isNaN ? nil : v
        }
    }

    /// Reads the project-level rows themselves (task_id NULL) in (project, period) order from
    /// the covering index, straight from the C API, those of one project when `project` is
    /// given; rows whose period end is not a date are skipped.
    static func scanRows(_ db: Database, project: String? = nil, indexed: Bool = true,
                         _ row: (UnsafeBufferPointer<UInt8>, Day, Double, Double?, Double?) throws -> Void) throws {
        // Cached: a write transaction re-packs its stale projects one scan each. A read of the
        // past (`indexed` false) reads a view, which has no index to name.
        let statement = try db.cachedStatement(sql: """
            SELECT project_id, period_end, pv, ev, ac FROM timephased\(indexed ? " INDEXED BY timephased_project_total" : "")
            WHERE task_id IS NULL\(project == nil ? "" : " AND project_id = ?") ORDER BY project_id, period_end
            """)
        if let project { statement.arguments = [project] }
        try step(db, statement) { stmt in
            let id = UnsafeBufferPointer(start: sqlite3_column_text(stmt, 0), count: Int(sqlite3_column_bytes(stmt, 0)))
            guard let periodEnd = Day(isoBytes: UnsafeBufferPointer(start: sqlite3_column_text(stmt, 1), count: Int(sqlite3_column_bytes(stmt, 1))))
            else { return }
            func optional(_ i: Int32) -> Double? { sqlite3_column_type(stmt, i) == SQLITE_NULL ? nil : sqlite3_column_double(stmt, i) }
            try row(id, periodEnd, sqlite3_column_double(stmt, 2), optional(3), optional(4))
        }
    }

    /// Steps a statement to its end, handing each row to `body`.
    private static func step(_ db: Database, _ statement: Statement, _ body: (OpaquePointer?) throws -> Void) throws {
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(stmt)
        }
    }
}
