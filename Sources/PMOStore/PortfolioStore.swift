import Foundation
import GRDB
import GRDBSQLite
import PMOModel

/// The PMO's data in SQLite: schema, migrations, reads, writes, import and export.
///
/// A file store runs in WAL mode (readers never block the writer) with foreign keys on.
/// Every write API runs in one transaction: on any error nothing is written.
///
/// ```swift
/// let store = try PortfolioStore(path: "pmo.sqlite")
/// try store.write { tx in try tx.insert(DemoPortfolio(projects: 40).generate()) }
/// let snapshot = try store.portfolio()              // projects + latest status + EVM inputs
/// let march = try store.portfolio(asOf: Day("2026-03-31")!)
/// ```
///
/// Thread safety: a store may be shared between threads; GRDB serialises writes and lets
/// reads run concurrently in WAL mode.
public final class PortfolioStore: Sendable {
    /// The GRDB connection (a `DatabasePool` for files, a `DatabaseQueue` in memory).
    /// Exposed for the scripting layer's read-only SQL; prefer the typed API.
    public let database: any DatabaseWriter

    /// The path of the file, or nil for an in-memory store.
    public let path: String?

    /// Opens (creating if needed) the store at `path`, upgrading an older schema.
    /// Throws `StoreError` for a file that is not a store or was written by a newer `pmo`.
    ///
    /// With `readOnly` (the view a sandboxed rule library gets), the file must exist and be at
    /// this pmo's schema; every write fails.
    public init(path: String, readOnly: Bool = false) throws {
        let pool: DatabasePool
        var config = PortfolioStore.configuration()
        config.readonly = readOnly
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw StoreError("\(path): no such store; create one with `pmo import` or `pmo demo`")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError("\(path): cannot open as a pmo store (\(PortfolioStore.reason(error))); check the path, or remove the file to start afresh")
        }
        self.database = pool
        self.path = path
        if readOnly {
            try checkVersion()
        } else {
            try migrate()
        }
    }

    /// For a read-only store, which cannot be migrated: it must be at exactly this schema.
    private func checkVersion() throws {
        let name = path ?? ":memory:"
        let migrator = Migrations.migrator
        do {
            try refuseNewer(migrator)
            guard try database.read({ db in try migrator.hasCompletedMigrations(db) }) else {
                throw StoreError("\(name): written by an older version of pmo; open it once without read-only access to upgrade it")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("\(name): not a pmo store (\(PortfolioStore.reason(error))); check the path")
        }
    }

    private func refuseNewer(_ migrator: DatabaseMigrator) throws {
        let name = path ?? ":memory:"
        let applied = try database.read { db in try migrator.appliedIdentifiers(db) }
        let known = Set(try database.read { db in try migrator.completedMigrations(db) })
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty {
            throw StoreError("\(name): written by a newer version of pmo (it has schema migrations \(unknown.joined(separator: ", ")) that this pmo, at \(Migrations.latest), does not know); upgrade pmo to open it")
        }
    }

    /// Opens the existing store at `path` read-only, for code that must never write it (the
    /// sandbox worker): the connection is opened with `SQLITE_OPEN_READONLY`, so any write,
    /// through the typed API or raw SQL, fails with SQLite's "attempt to write a readonly
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
        self.database = queue
        self.path = path
        let migrator = Migrations.migrator
        let current: Bool
        do {
            current = try queue.read { db in
                try !migrator.hasBeenSuperseded(db) && migrator.hasCompletedMigrations(db)
            }
        } catch {
            throw StoreError("\(path): not a pmo store (\(PortfolioStore.reason(error))); check the path")
        }
        guard current else {
            throw StoreError("\(path): the store's schema is not the one this pmo reads (\(Migrations.latest)); open it once with `pmo run` or `pmo import` (not sandboxed) to upgrade it, or upgrade pmo")
        }
    }

    /// An empty store in memory (for tests and the REPL's demo portfolio).
    public init() throws {
        self.database = try DatabaseQueue(configuration: PortfolioStore.configuration())
        self.path = nil
        try migrate()
    }

    /// Foreign keys on; a 64 MiB page cache per connection, because a bulk import is one
    /// transaction and SQLite's default 2 MiB cache makes it spill and re-read index pages.
    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return config
    }

    /// An in-memory store holding the demo portfolio.
    public static func demo(projects: Int = 40, seed: UInt64 = 1) throws -> PortfolioStore {
        let store = try PortfolioStore()
        try store.write { tx in try tx.insert(DemoPortfolio(projects: projects, seed: seed).generate()) }
        return store
    }

    /// The schema version the store is at (the last applied migration).
    public func schemaVersion() throws -> String? {
        try database.read { db in try Migrations.migrator.completedMigrations(db).last }
    }

    private func migrate() throws {
        let name = path ?? ":memory:"
        let migrator = Migrations.migrator
        do {
            try refuseNewer(migrator)
            try migrator.migrate(database)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("\(name): not a pmo store (\(PortfolioStore.reason(error))); check the path, or remove the file to start afresh")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "\(db.resultCode)" }
        return "\(error)"
    }

    /// Runs `body` in one write transaction: all of its writes, or none when it throws. Data
    /// derived from the rows it changed (`ProjectCurves`) is brought up to date in the same
    /// transaction, before it commits.
    @discardableResult
    public func write<T>(_ body: (StoreWriter) throws -> T) throws -> T {
        try database.write { db in
            let result = try body(StoreWriter(db: db))
            try ProjectCurves.refreshIfStale(db)
            return result
        }
    }

    /// Row counts of every table, by table name.
    public func counts() throws -> [String: Int] {
        try database.read { db in
            var result: [String: Int] = [:]
            for table in try StoreSchema.tables(db) {
                result[table.name] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name.quotedDatabaseIdentifier)") ?? 0
            }
            return result
        }
    }
}
