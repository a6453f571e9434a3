import Foundation
import GRDB
import GRDBSQLite
import CSQLiteGuard
import PMOModel

/// The PMO's data in SQLite: schema, migrations, reads, writes, import and export.
///
/// A file store runs in WAL mode (readers never block the writer) with foreign keys on.
/// Every write API runs in one transaction: on any error nothing is written.
///
/// A file store is opened for reading only (`SQLITE_OPEN_READONLY`): the connection that can
/// write is opened on the first write (or to create or upgrade the store), so a command that
/// only reads never changes the file. A writer that finds another process writing waits up to
/// `busyTimeout` seconds, then fails with a `StoreError` that says who is writing.
///
/// ```swift
/// let store = try PortfolioStore(path: "pmo.sqlite")
/// try store.write { tx in try tx.insert(DemoPortfolio(projects: 40).generate()) }
/// try store.apply([RowChange(.update, table: "projects", key: [("id", .text("PRJ-001"))],
///                            fields: [("phase", .text("closing"))])])
/// let march = try store.scriptRead { db in try EVMInputsQuery.read(db, asOf: Day("2026-03-31")!) }
/// ```
///
/// Thread safety: a store may be shared between threads; GRDB serialises the writes, and each
/// connection its own work.
public final class PortfolioStore: @unchecked Sendable {
    /// The connection that writes (a `DatabaseQueue`), opened on first use for a file store.
    /// Internal: other boxes write through `write` and `apply`, and read through `scriptRead`.
    var database: any DatabaseWriter {
        get throws {
            lock.lock()
            defer { lock.unlock() }
            if let writer { return writer }
            guard let openWriter else { throw StoreError("\(path ?? ":memory:"): this store was opened read-only") }
            let w = try openWriter()
            writer = w
            return w
        }
    }

    /// The connection the store's own reads go through: read-only for a file store.
    let reader: any DatabaseReader

    /// The path of the file, or nil for an in-memory store.
    public let path: String?

    /// What this process is doing with the store when it writes ("import of plan.xml"), told
    /// to another pmo that has to wait for it (see `StoreActivity`).
    public var activity: String? {
        get { lock.lock(); defer { lock.unlock() }; return activityText }
        set { lock.lock(); activityText = newValue; lock.unlock() }
    }

    /// Seconds a writer waits for another process's write to end before it gives up.
    public let busyTimeout: Double

    /// The default of `busyTimeout`: long enough for a script's transaction or a small import
    /// to end, short enough that a waiting command says why before anyone wonders.
    public static let defaultBusyTimeout: Double = 5

    private let lock = NSLock()
    private var writer: (any DatabaseWriter)?
    private let openWriter: (() throws -> any DatabaseWriter)?
    private var activityText: String?
    /// Opens the connection script SQL runs on (`ScriptSQL`), once.
    let openScriptConnection: () throws -> ScriptConnection
    private var scriptConnection: ScriptConnection?

    /// Opens (creating if needed) the store at `path`, upgrading an older schema.
    /// Throws `StoreError` for a file that is not a store or was written by a newer `pmo`.
    /// A store that must never be written is opened with `init(readOnlyPath:)`.
    public init(path: String, busyTimeout: Double = PortfolioStore.defaultBusyTimeout) throws {
        self.path = path
        let timeout = busyTimeout.isFinite && busyTimeout >= 0 ? min(busyTimeout, 86_400) : PortfolioStore.defaultBusyTimeout
        self.busyTimeout = timeout
        let writerConfig = PortfolioStore.writerConfiguration(busyTimeout: timeout)
        let open: () throws -> any DatabaseWriter = {
            do {
                return try DatabaseQueue(path: path, configuration: writerConfig)
            } catch {
                throw PortfolioStore.storeError(path, error)
            }
        }
        openScriptConnection = { try ScriptConnection(path: path) }
        openWriter = open
        guard FileManager.default.fileExists(atPath: path) else {
            let w = try open()
            writer = w
            reader = w
            try migrate()
            return
        }
        let readOnlyQueue: DatabaseQueue
        do {
            readOnlyQueue = try DatabaseQueue(path: path, configuration: PortfolioStore.readerConfiguration(busyTimeout: timeout))
        } catch {
            throw StoreError("\(path): cannot open as a pmo store (\(PortfolioStore.reason(error))); check the path, or remove the file to start afresh")
        }
        if try PortfolioStore.isCurrent(readOnlyQueue, name: path) {
            reader = readOnlyQueue
        } else {
            // An older store: upgraded by the connection that writes, which then reads too.
            try readOnlyQueue.close()
            let w = try open()
            writer = w
            reader = w
            try migrate()
        }
    }

    /// The connection of a new file store that writes, in WAL mode, with the busy timeout.
    static func writerConfiguration(busyTimeout: Double) -> Configuration {
        var config = PortfolioStore.configuration()
        config.busyMode = .timeout(busyTimeout)
        // GRDB begins write transactions IMMEDIATE: the lock is taken at BEGIN, where the busy
        // timeout applies, not at a deferred transaction's first write.
        config.prepareDatabase { db in
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                // Set here rather than with GRDB's DatabasePool, whose first open of a file
                // without a -wal file creates and drops a table: a schema change written to a
                // store that a command only read (DatabasePool's grdb_issue_102).
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// A read-only connection: it cannot change the file, whatever runs on it.
    static func readerConfiguration(busyTimeout: Double) -> Configuration {
        var config = PortfolioStore.configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        return config
    }

    /// Whether the store read by `reader` is at this pmo's schema (nothing to migrate).
    /// Throws `StoreError` for one written by a newer pmo, or for a file that is not a store.
    static func isCurrent(_ reader: any DatabaseReader, name: String) throws -> Bool {
        do {
            try refuseNewer(reader, name: name)
            return try reader.read { db in try Migrations.migrator.hasCompletedMigrations(db) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("\(name): not a pmo store (\(PortfolioStore.reason(error))); check the path, or remove the file to start afresh")
        }
    }

    private static func refuseNewer(_ reader: any DatabaseReader, name: String) throws {
        let migrator = Migrations.migrator
        let applied = try reader.read { db in try migrator.appliedIdentifiers(db) }
        let known = Set(try reader.read { db in try migrator.completedMigrations(db) })
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty {
            throw StoreError("\(name): written by a newer version of pmo (it has schema migrations \(unknown.joined(separator: ", ")) that this pmo, at \(Migrations.latest), does not know); upgrade pmo to open it")
        }
    }

    /// Opens the existing store at `path` read-only, for code that must never write it (the
    /// sandbox worker): the connection is opened with `SQLITE_OPEN_READONLY`, so any write,
    /// through `write`, `apply` or raw SQL, fails with SQLite's "attempt to write a readonly
    /// database". It reads this file only: ATTACH is disabled, so SQL run on this connection
    /// cannot open (or create) another database file. Nothing is migrated: a store at an older
    /// or newer schema is refused with a `StoreError`.
    public init(readOnlyPath path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("no store at \(path) (create one with `pmo import` or `pmo demo`)")
        }
        var config = PortfolioStore.configuration()
        config.readonly = true
        config.prepareDatabase { db in
            // VACUUM INTO and ATTACH both go through the attach machinery; a limit of 0
            // refuses them before any file is opened.
            sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_ATTACHED, 0)
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw StoreError("\(path): cannot open read-only as a pmo store (\(PortfolioStore.reason(error)))")
        }
        self.writer = queue
        self.reader = queue
        self.openWriter = nil
        self.path = path
        self.busyTimeout = PortfolioStore.defaultBusyTimeout
        self.openScriptConnection = { try ScriptConnection(path: path) }
        // A newer store is named as such, as `init(path:)` names it.
        guard try PortfolioStore.isCurrent(queue, name: path) else {
            throw StoreError("\(path): the store's schema is not the one this pmo reads (\(Migrations.latest)); open it once with `pmo run` or `pmo import` (not sandboxed) to upgrade it, or upgrade pmo")
        }
    }

    /// An empty store in memory (for tests and the REPL's demo portfolio). It is a named,
    /// shared-cache database, so that script SQL can read it through a connection of its own.
    public init() throws {
        let name = "pmo-\(UUID().uuidString)"
        let queue = try DatabaseQueue(named: name, configuration: PortfolioStore.configuration())
        self.writer = queue
        self.reader = queue
        self.openWriter = nil
        self.path = nil
        self.busyTimeout = PortfolioStore.defaultBusyTimeout
        self.openScriptConnection = { try ScriptConnection(memoryNamed: name) }
        try migrate()
    }

    /// The connection script SQL runs on, opened on first use.
    func scriptConnectionOpened() throws -> ScriptConnection {
        lock.lock()
        defer { lock.unlock() }
        if let scriptConnection { return scriptConnection }
        let c = try openScriptConnection()
        scriptConnection = c
        return c
    }

    /// Foreign keys on; a 64 MiB page cache per connection, because a bulk import is one
    /// transaction and SQLite's default 2 MiB cache makes it spill and re-read index pages.
    /// What no connection needs and an attacker could use is switched off (`pmo_sqlite_guard`:
    /// fts3_tokenizer's pointer form, load_extension; defensive mode on).
    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            let rc = pmo_sqlite_guard(db.sqliteConnection)
            guard rc == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: "cannot switch off fts3_tokenizer and load_extension") }
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return config
    }

    static func storeError(_ path: String, _ error: any Error) -> StoreError {
        StoreError("\(path): cannot open as a pmo store (\(PortfolioStore.reason(error))); check the path, or remove the file to start afresh")
    }

    /// An in-memory store holding the demo portfolio.
    public static func demo(projects: Int = 40, seed: UInt64 = 1) throws -> PortfolioStore {
        let store = try PortfolioStore()
        try store.write { tx in try tx.insert(DemoPortfolio(projects: projects, seed: seed).generate()) }
        return store
    }

    /// The schema version the store is at (the last applied migration).
    public func schemaVersion() throws -> String? {
        try reader.read { db in try Migrations.migrator.completedMigrations(db).last }
    }

    /// Runs the migrations the store lacks, then builds what they left stale of the data
    /// derived from the rows (`ProjectCurves`) with today's code: migrations are frozen SQL and
    /// do not call it.
    private func migrate() throws {
        let name = path ?? ":memory:"
        let migrator = Migrations.migrator
        do {
            try PortfolioStore.refuseNewer(try database, name: name)
            try migrator.migrate(try database)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("\(name): not a pmo store (\(PortfolioStore.reason(error))); check the path, or remove the file to start afresh")
        }
        do {
            try database.write { db in try ProjectCurves.refreshIfStale(db) }
        } catch {
            throw StoreError("\(name): upgraded, but its packed time-phased curves could not be built (\(PortfolioStore.reason(error)))")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "\(db.resultCode)" }
        return "\(error)"
    }

    /// Runs `body` in one write transaction: all of its writes, or none when it throws. The
    /// references checked at commit are checked first, so a dangling one is a `DataError`
    /// naming the row (`StoreSchema.checkDeferredReferences`). Data derived from the rows it
    /// changed (`ProjectCurves`) is brought up to date in the same transaction, before it commits.
    @discardableResult
    public func write<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        let writer = try database
        let activity = StoreActivity(storePath: path)
        let result: T
        do {
            result = try writer.write { db in
                activity?.begin(self.activity)
                defer { activity?.end() }
                let result = try body(StoreWriter(db: db))
                try StoreSchema.checkDeferredReferences(db) { _ in self.path ?? ":memory:" }
                try ProjectCurves.refreshIfStale(db)
                return result
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw StoreError.busy(path: path ?? ":memory:", writer: activity?.current(), waited: busyTimeout)
        }
        if path != nil {
            // Copy what was committed into the store file now. The writer is often not the
            // last connection to close (the read-only ones are), and only the last checkpoints
            // on closing: without this, a store copied after pmo exited could lack its last
            // writes, which would sit in the -wal file. PASSIVE: it waits for no one.
            _ = try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        }
        return result
    }

    /// Row counts of every table, by table name.
    public func counts() throws -> [String: Int] {
        try reader.read { db in
            var result: [String: Int] = [:]
            for table in try StoreSchema.tables(db) {
                result[table.name] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name.quotedDatabaseIdentifier)") ?? 0
            }
            return result
        }
    }
}
