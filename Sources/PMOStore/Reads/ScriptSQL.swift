import Foundation
import GRDB
import GRDBSQLite

/// The SQL that scripts drive (`pmo.sql`, and the module's reads of the portfolio) runs on a
/// connection of its own, opened read-only, whose SQLite authorizer allows a list of things
/// and refuses everything else. Allow-listed, not block-listed: a feature SQLite adds later is
/// refused until someone decides it is safe.
///
/// Allowed: SELECT (WITH, WITH RECURSIVE, window functions) reading the store's own tables and
/// views and `sqlite_master`; the functions of `ScriptSQL.functions`; the PRAGMAs that only
/// describe the schema (`ScriptSQL.pragmas`). Refused, with a message naming it: any write,
/// CREATE/DROP/ALTER (virtual tables included), ATTACH/DETACH, BEGIN/COMMIT/SAVEPOINT, every
/// other PRAGMA, virtual tables (`dbstat`, `json_each`, `pragma_*`...), and any other function
/// (`fts3_tokenizer`, `load_extension`...).
///
/// The connection's guards (`pmo_sqlite_guard`) switch the pointer form of fts3_tokenizer off
/// as a second wall, and each read caps the size of any string or blob (`SQLITE_LIMIT_LENGTH`)
/// at the memory its caller has left.
public enum ScriptSQL {
    /// The functions script SQL may call: SQLite's core scalar, aggregate, window, date,
    /// math and JSON functions (sqlite.org/lang_corefunc.html, lang_aggfunc.html,
    /// windowfunctions.html, lang_datefunc.html, lang_mathfunc.html, json1.html), which read
    /// their arguments and nothing else. `zeroblob`, `randomblob`, `printf`/`format`,
    /// `replace` and `group_concat` can make large values; the length cap of each read bounds
    /// them.
    public static let functions: Set<String> = [
        // core scalar
        "abs", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif",
        "if", "instr", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min",
        "nullif", "octet_length", "printf", "quote", "random", "randomblob", "replace", "round",
        "rtrim", "sign", "soundex", "substr", "substring", "trim", "typeof", "unhex", "unicode",
        "unlikely", "upper", "zeroblob", "sqlite_version",
        // aggregate
        "avg", "count", "group_concat", "string_agg", "sum", "total",
        // window
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value",
        // date and time
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff",
        "current_date", "current_time", "current_timestamp",
        // math
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos",
        "cosh", "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow",
        "power", "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
        // JSON (functions; json_each and json_tree are virtual tables, refused)
        "json", "jsonb", "json_array", "jsonb_array", "json_array_length", "json_error_position",
        "json_extract", "jsonb_extract", "->", "->>", "json_insert", "jsonb_insert", "json_object",
        "jsonb_object", "json_patch", "jsonb_patch", "json_pretty", "json_remove", "jsonb_remove",
        "json_replace", "jsonb_replace", "json_set", "jsonb_set", "json_type", "json_valid",
        "json_quote", "json_group_array", "jsonb_group_array", "json_group_object",
        "jsonb_group_object",
    ]

    /// The PRAGMAs script SQL may run: they describe the schema and change nothing, whatever
    /// their argument (sqlite.org/pragma.html).
    public static let pragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "database_list",
    ]
}

extension ScriptSQL {
    /// SQLite VM instructions between two checks of a read's `stop`: about ten microseconds
    /// of work, so a query stops within a millisecond of the deadline at a cost too small to
    /// measure.
    public static let stopCheckPeriod: Int32 = 1000
}

/// The `stop` of a script read, kept alive while SQLite's progress handler may call it.
final class StopCheck {
    let stop: () -> Bool
    init(_ stop: @escaping () -> Bool) { self.stop = stop }
}

/// A statement script SQL may not run, and why.
public struct ScriptSQLRefusal: Error, CustomStringConvertible, Sendable {
    /// What was refused, in the house style ("the function fts3_tokenizer is not allowed").
    public let reason: String
    public var description: String { reason }
}

/// The authorizer of the script connection: allows what `ScriptSQL` lists while `enforcing`,
/// and remembers why it refused the last thing it refused.
final class ScriptSQLGuard: @unchecked Sendable {
    /// The store's tables and views (not virtual tables), read when the connection opened.
    var tables: Set<String> = []
    /// The virtual table modules SQLite has (lowercased), read when the connection opened.
    var modules: Set<String> = []
    /// Off while GRDB runs its own statements on the connection (BEGIN, COMMIT, its checks).
    var enforcing = false
    /// Why the authorizer last said no.
    var refusal: String?
    /// The temporary views of a read of the past that could not be dropped when it ended
    /// (`StoreHistory`), dropped before the next read.
    var leftViews: [String] = []

    func install(on connection: OpaquePointer?) {
        sqlite3_set_authorizer(connection, { context, action, a, b, c, d in
            Unmanaged<ScriptSQLGuard>.fromOpaque(context!).takeUnretainedValue().authorize(action, a, b, c, d)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func authorize(_ action: Int32, _ a: UnsafePointer<CChar>?, _ b: UnsafePointer<CChar>?,
                           _ c: UnsafePointer<CChar>?, _ d: UnsafePointer<CChar>?) -> Int32 {
        guard enforcing else { return SQLITE_OK }
        let first = a.map { String(cString: $0) }
        let second = b.map { String(cString: $0) }
        switch action {
        case SQLITE_SELECT, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_READ:
            // A name that is neither a virtual table module (PRAGMA module_list: json_each,
            // dbstat, fts3...), a pragma_* table nor SQLite's own sqlite_* is a table or view
            // of the store, or a CTE or subquery of the statement (a temporary or attached
            // table cannot exist: creating and attaching are refused).
            let table = first ?? ""
            let lower = table.lowercased()
            if tables.contains(table) || lower == "sqlite_master" || lower == "sqlite_temp_master"
                || (!modules.contains(lower) && !lower.hasPrefix("pragma_") && !lower.hasPrefix("sqlite_")) {
                return SQLITE_OK
            }
            return refuse("'\(table)' is a virtual table, which script SQL cannot read (it reads the store's tables and views)")
        case SQLITE_FUNCTION:
            let name = (second ?? "").lowercased()
            if ScriptSQL.functions.contains(name) { return SQLITE_OK }
            return refuse("the function \(name) is not allowed in script SQL")
        case SQLITE_PRAGMA:
            let name = (first ?? "").lowercased()
            if ScriptSQL.pragmas.contains(name) { return SQLITE_OK }
            return refuse("PRAGMA \(name) is not allowed in script SQL (only \(ScriptSQL.pragmas.sorted().joined(separator: ", ")))")
        case SQLITE_UPDATE where first == "sqlite_master" || first == "sqlite_temp_master":
            // What SQLite reports when it first sets up an eponymous virtual table.
            return refuse("virtual tables (dbstat, json_each, pragma_* ...) cannot be read from script SQL")
        case SQLITE_INSERT where first == "sqlite_master" || first == "sqlite_temp_master":
            return refuse("CREATE (of a table, view, index, trigger or virtual table) is not allowed: script SQL only reads (SELECT)", generic: true)
        default:
            return refuse("\(ScriptSQLGuard.describe(action, first, second)) is not allowed: script SQL only reads (SELECT)")
        }
    }

    /// Keeps the first reason, unless it was only the bookkeeping of a CREATE (SQLite reports
    /// the row it adds to sqlite_master before the CREATE itself).
    private func refuse(_ reason: String, generic: Bool = false) -> Int32 {
        if refusal == nil || (refusalIsGeneric && !generic) {
            refusal = reason
            refusalIsGeneric = generic
        }
        return SQLITE_DENY
    }

    var refusalIsGeneric = false

    static func describe(_ action: Int32, _ first: String?, _ second: String?) -> String {
        switch action {
        case SQLITE_INSERT: return "INSERT into \(first ?? "?")"
        case SQLITE_UPDATE: return "UPDATE of \(first ?? "?")"
        case SQLITE_DELETE: return "DELETE from \(first ?? "?")"
        case SQLITE_CREATE_VTABLE: return "CREATE VIRTUAL TABLE \(first ?? "?") USING \(second ?? "?")"
        case SQLITE_DROP_VTABLE: return "DROP of the virtual table \(first ?? "?")"
        case SQLITE_ATTACH: return "ATTACH"
        case SQLITE_DETACH: return "DETACH"
        case SQLITE_TRANSACTION: return "\(first ?? "a transaction statement")"
        case SQLITE_SAVEPOINT: return "SAVEPOINT"
        case SQLITE_ALTER_TABLE: return "ALTER TABLE"
        case SQLITE_REINDEX: return "REINDEX"
        case SQLITE_ANALYZE: return "ANALYZE"
        case SQLITE_CREATE_INDEX, SQLITE_CREATE_TEMP_INDEX: return "CREATE INDEX"
        case SQLITE_CREATE_TABLE, SQLITE_CREATE_TEMP_TABLE: return "CREATE TABLE"
        case SQLITE_CREATE_TRIGGER, SQLITE_CREATE_TEMP_TRIGGER: return "CREATE TRIGGER"
        case SQLITE_CREATE_VIEW, SQLITE_CREATE_TEMP_VIEW: return "CREATE VIEW"
        case SQLITE_DROP_TABLE, SQLITE_DROP_TEMP_TABLE, SQLITE_DROP_INDEX, SQLITE_DROP_TEMP_INDEX,
             SQLITE_DROP_TRIGGER, SQLITE_DROP_TEMP_TRIGGER, SQLITE_DROP_VIEW, SQLITE_DROP_TEMP_VIEW:
            return "DROP"
        default: return "this statement (SQLite action \(action))"
        }
    }
}

/// The read-only connection script SQL runs on, with its `ScriptSQLGuard` installed in place
/// of GRDB's own authorizer (GRDB uses its authorizer to observe changes and track
/// transactions, which a connection that only reads for scripts does not need).
final class ScriptConnection: @unchecked Sendable {
    let queue: DatabaseQueue
    let guardian: ScriptSQLGuard

    /// On the store file at `path`.
    convenience init(path: String) throws {
        try self.init { config in try DatabaseQueue(path: path, configuration: config) }
    }

    /// On the named in-memory (shared-cache) database of an in-memory store.
    convenience init(memoryNamed name: String) throws {
        try self.init { config in try DatabaseQueue(named: name, configuration: config) }
    }

    private init(_ open: (Configuration) throws -> DatabaseQueue) throws {
        let guardian = ScriptSQLGuard()
        var config = PortfolioStore.configuration()
        config.readonly = true
        config.busyMode = .timeout(PortfolioStore.defaultBusyTimeout)
        config.prepareDatabase { db in
            sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_ATTACHED, 0)
            guardian.tables = Set(try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master
                WHERE type IN ('table', 'view') AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                """))
            guardian.modules = Set(try String.fetchAll(db, sql: "PRAGMA module_list").map { $0.lowercased() })
            guardian.install(on: db.sqliteConnection)
        }
        self.guardian = guardian
        queue = try open(config)
    }
}

extension PortfolioStore {
    /// Opens every connection this store reads through now and reads through each once (so
    /// SQLite has its database, WAL and index files, and its randomness), keeping their
    /// temporary files in memory: for a process that can open no file later (the sandbox
    /// worker behind its seccomp filter), where a lazily opened connection or a sort spilled
    /// to a temporary file would fail.
    public func openConnectionsNow() throws {
        for queue in [reader as? DatabaseQueue, try scriptConnectionOpened().queue] {
            try queue?.inDatabase { db in
                // SQLite's temporary files (a sort or an index too large for the cache) cannot
                // be opened behind the filter ("disk I/O error"): RLIMIT_AS bounds them in memory.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE length(randomblob(1)) = 1")
            }
        }
    }

    /// Runs `body` on the script connection, in a read transaction, with the allow-list of
    /// `ScriptSQL` enforced on every statement `body` prepares, and no string or blob longer
    /// than `maxValueBytes` (nil: SQLite's own limit). The one read entry point of the
    /// scripting layer: `pmo.sql`'s statements and the `ScriptReads` of the `pmo` module.
    ///
    /// With `stop`, a progress handler asks it every `ScriptSQL.stopCheckPeriod` SQLite VM
    /// instructions whether to go on, and interrupts SQLite when it says stop (the Lua call is
    /// interrupted, past its deadline or over its memory cap): SQLite then fails with
    /// `SQLITE_INTERRUPT`. A statement the allow-list refuses throws `ScriptSQLRefusal`;
    /// SQLite's other errors are `DatabaseError`s.
    ///
    /// `at` is the state of the store the read sees (`StorePoint`): now by default; a past
    /// state shows every table a later revision touched through a temporary view of the same
    /// name (`StoreHistory`), made before `body` runs and dropped after. Reading now, or at
    /// a date no revision came after, runs `body` on the tables themselves.
    public func scriptRead<T>(at point: StorePoint = .now, maxValueBytes: Int? = nil, stop: (() -> Bool)? = nil,
                              _ body: (Database) throws -> T) throws -> T {
        let connection = try scriptConnectionOpened()
        let guardian = connection.guardian
        return try connection.queue.read { db in
            // The store's own statements, before the allow-list is on: which revision the
            // point is after, and the views of the tables as they were then.
            // Views a read could not drop (it never happens, but a view left would show the
            // past to every later read) go first.
            if !guardian.leftViews.isEmpty {
                try StoreHistory.dropPastViews(guardian.leftViews, in: db)
                guardian.leftViews = []
            }
            var views: [String] = []
            if point != .now, let revision = try StoreHistory.pastRevision(point, in: db, hasHistory: guardian.tables.contains("row_history")) {
                views = try StoreHistory.createPastViews(after: revision, in: db)
            }
            defer {
                if !views.isEmpty, (try? StoreHistory.dropPastViews(views, in: db)) == nil { guardian.leftViews = views }
            }
            let sqlite = db.sqliteConnection
            let check = stop.map(StopCheck.init)
            if let check {
                sqlite3_progress_handler(sqlite, ScriptSQL.stopCheckPeriod, { context in
                    guard let context else { return 0 }
                    return Unmanaged<StopCheck>.fromOpaque(context).takeUnretainedValue().stop() ? 1 : 0
                }, Unmanaged.passUnretained(check).toOpaque())
            }
            defer {
                if let check {
                    sqlite3_progress_handler(sqlite, 0, nil, nil)
                    withExtendedLifetime(check) {}
                }
            }
            var previous: Int32 = -1
            if let maxValueBytes {
                previous = sqlite3_limit(sqlite, SQLITE_LIMIT_LENGTH, Int32(clamping: max(maxValueBytes, 1)))
            }
            guardian.enforcing = true
            guardian.refusal = nil
            guardian.refusalIsGeneric = false
            defer {
                guardian.enforcing = false
                if previous >= 0 { sqlite3_limit(sqlite, SQLITE_LIMIT_LENGTH, previous) }
            }
            do {
                return try body(db)
            } catch let error as DatabaseError where guardian.refusal != nil || error.resultCode == .SQLITE_AUTH {
                // SQLite reports a refused function or virtual table as a plain SQLITE_ERROR
                // ("not authorized to use function", "vtable constructor failed").
                throw ScriptSQLRefusal(reason: guardian.refusal ?? error.message ?? "not authorized")
            }
        }
    }
}

extension PortfolioStore {
    /// The rows touched between the states `from` and `to` (`StoreHistory.changes`), with the
    /// revisions those states are after, read on the script connection in one transaction.
    /// The statements are the store's own (no script SQL), so the allow-list is not on.
    public func changedRows(from: StorePoint, to: StorePoint) throws -> (from: Int64, to: Int64, rows: [StoreHistory.ChangedRow]) {
        try scriptConnectionOpened().queue.read { db in
            let a = try StoreHistory.revision(at: from, in: db)
            let b = try StoreHistory.revision(at: to, in: db)
            return (a, b, try StoreHistory.changes(from: a, to: b, in: db))
        }
    }
}
