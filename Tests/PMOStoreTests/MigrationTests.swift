import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// Migrations are frozen: each makes today what it made when it shipped, whatever the live
/// code it once called has become since, and an old store with data upgrades to exactly what
/// a store made at the current version holds.
final class MigrationTests: XCTestCase {
    /// Fixtures/schema/vN.sql: what each migration changed in the schema (`sqlite_master`) of
    /// an empty store when it shipped, recorded from the code of that time: the statements it
    /// added and those it removed (v1's are the whole first schema).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schema")

    /// The schema of `db`: every table, index and trigger's SQL, by type and name (GRDB's own
    /// bookkeeping table aside).
    static func statements(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
            ORDER BY type, name
            """)
    }

    /// The schema of `db` as text, a statement after another.
    static func schema(_ db: Database) throws -> String {
        try statements(db).map { $0 + ";\n" }.joined()
    }

    /// What a migration changed, as text: the statements of `after` not in `before`, then
    /// those of `before` no longer in `after`, each in schema order.
    static func change(from before: [String], to after: [String]) -> String {
        let (old, new) = (Set(before), Set(after))
        return "-- added\n" + after.filter { !old.contains($0) }.map { $0 + ";\n" }.joined()
            + "-- removed\n" + before.filter { !new.contains($0) }.map { $0 + ";\n" }.joined()
    }

    /// Every row of every table, as text, rows sorted (GRDB's bookkeeping aside, which
    /// `schemaVersion` checks).
    static func content(_ db: Database) throws -> String {
        var text = ""
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name
            """)
        for table in tables {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)").map(\.description).sorted()
            text += "\(table): \(rows.count) rows\n" + rows.map { "  \($0)\n" }.joined()
        }
        return text
    }

    /// The first line where `got` and `wanted` differ, with both versions.
    static func firstDifference(_ got: String, _ wanted: String) -> String {
        let (a, b) = (got.split(separator: "\n", omittingEmptySubsequences: false), wanted.split(separator: "\n", omittingEmptySubsequences: false))
        for i in 0..<max(a.count, b.count) where i >= a.count || i >= b.count || a[i] != b[i] {
            return "line \(i + 1)\n  got:    \(i < a.count ? String(a[i].prefix(300)) : "(end)")\n  wanted: \(i < b.count ? String(b[i].prefix(300)) : "(end)")"
        }
        return "none"
    }

    func testEachMigrationMakesTheSchemaItMadeWhenItShipped() throws {
        let versions = Migrations.migrator.migrations
        XCTAssertEqual(versions.last, Migrations.latest)
        var before: [String] = []
        for version in versions {
            let queue = try DatabaseQueue()
            try Migrations.migrator.migrate(queue, upTo: version)
            let after = try queue.read(Self.statements)
            let made = Self.change(from: before, to: after)
            before = after
            let fixture = Self.fixtures.appendingPathComponent("\(version).sql")
            guard let shipped = try? String(contentsOf: fixture, encoding: .utf8) else {
                // A new migration: its schema is recorded once, by hand, after review.
                let draft = NSTemporaryDirectory() + "pmo-schema-\(version).sql"
                try made.write(toFile: draft, atomically: true, encoding: .utf8)
                XCTFail("no \(fixture.path): review the change \(version) makes to the schema, written to \(draft), and copy it there")
                continue
            }
            XCTAssertTrue(made == shipped, "migration \(version) no longer makes the schema change it shipped with (\(fixture.path)); first difference:\n\(Self.firstDifference(made, shipped))")
        }
    }

    func testAV1StoreWithDataUpgradesToWhatAStoreMadeAtTheCurrentVersionHolds() throws {
        let folder = try temporaryFolder(self)
        // Made at the current version: the demo portfolio written through the store.
        let freshPath = folder + "/fresh.sqlite"
        let fresh = try PortfolioStore(path: freshPath)
        var demo = DemoPortfolio(projects: 6, seed: 4).generate()
        // A column a later migration added holds in an upgraded v1 row what the migration
        // gives it (NULL), whatever the demo fills (v6's outline_position, v8's project currency
        // and the tasks' schedule columns).
        for i in demo.tasks.indices {
            demo.tasks[i].outlinePosition = nil
            demo.tasks[i].durationDays = nil
            demo.tasks[i].remainingDurationDays = nil
            demo.tasks[i].constraintType = nil
            demo.tasks[i].constraintDate = nil
            demo.tasks[i].deadline = nil
        }
        for i in demo.projects.indices { demo.projects[i].currency = nil }
        try fresh.write { tx in try tx.insert(demo) }

        // The same rows in a store at v1, written with plain SQL, as pmo at v1 held them.
        let oldPath = folder + "/v1.sqlite"
        let queue = try DatabaseQueue(path: oldPath)
        try Migrations.migrator.migrate(queue, upTo: "v1")
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS fresh", arguments: [freshPath])
            try db.inTransaction {
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                for table in try String.fetchAll(db, sql: """
                    SELECT name FROM main.sqlite_master
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                    """) {
                    // v1's columns only: later migrations add some (v6: tasks.outline_position).
                    let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?, 'main')", arguments: [table])
                        .map(\.quotedDatabaseIdentifier).joined(separator: ", ")
                    try db.execute(sql: "INSERT INTO main.\(table.quotedDatabaseIdentifier) SELECT \(columns) FROM fresh.\(table.quotedDatabaseIdentifier)")
                }
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE fresh")
        }
        try queue.close()

        let upgraded = try PortfolioStore(path: oldPath)
        XCTAssertEqual(try upgraded.schemaVersion(), Migrations.latest)
        let (wanted, got) = (try fresh.database.read(Self.content), try upgraded.database.read(Self.content))
        XCTAssertTrue(wanted.contains("\(ProjectCurves.table): 6 rows"), "the fresh store has no packed curves to compare:\n\(wanted.prefix(2000))")
        XCTAssertTrue(got == wanted, "the upgraded store differs from a fresh one; first difference:\n\(Self.firstDifference(got, wanted))")
        let (upgradedSchema, freshSchema) = (try upgraded.database.read(Self.schema), try fresh.database.read(Self.schema))
        XCTAssertTrue(upgradedSchema == freshSchema, "schemas differ:\n\(Self.firstDifference(upgradedSchema, freshSchema))")
        XCTAssertTrue(try upgraded.database.read(ProjectCurves.isFresh))
    }
}
