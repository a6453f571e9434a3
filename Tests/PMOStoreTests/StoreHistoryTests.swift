import Foundation
import GRDB
import HistorySupport
import PMOModel
@testable import PMOStore
import XCTest

/// Reading the store's past (docs/history.md): `scriptRead(at:)` shows the tables as they were
/// after a revision, and `changedRows` lists what revisions changed. The history is made by
/// `HistoryFixture`, which stands for the history writer.
final class StoreHistoryTests: XCTestCase {
    var store: PortfolioStore!
    var recorder: HistoryFixture!
    let before = StorePoint.knownOn(Day("2026-10-01")!)

    override func setUpWithError() throws {
        let path = (try temporaryFolder(self) as NSString).appendingPathComponent("pmo.sqlite")
        store = try PortfolioStore(path: path)
        try store.write { tx in try tx.insert(DemoPortfolio(projects: 3, seed: 1).generate()) }
        recorder = try HistoryFixture(path: path)
    }

    func value<T: DatabaseValueConvertible>(_ sql: String, at point: StorePoint = .now) throws -> T? {
        try store.scriptRead(at: point) { db in try T.fetchOne(db, sql: sql) }
    }

    func testAReadKnownOnADateSeesARowAsItWasBeforeALaterRevisionChangedIt() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["forecast_finish": "2026-10-20"])])
        let sql = "SELECT forecast_finish FROM tasks WHERE id = 'PRJ-001/T2'"
        XCTAssertEqual(try value(sql, at: before) as String?, "2026-09-30")
        XCTAssertEqual(try value(sql, at: .knownOn(Day("2026-10-05")!)) as String?, "2026-10-20")
        XCTAssertEqual(try value(sql) as String?, "2026-10-20")
    }

    func testAReadKnownOnADateDoesNotSeeARowAddedLater() throws {
        try recorder.revision(knownOn: "2026-10-05", [.insert("risks", ["id": "PRJ-001/R99", "project_id": "PRJ-001", "title": "New", "status": "open"])])
        let sql = "SELECT count(*) FROM risks WHERE id = 'PRJ-001/R99'"
        XCTAssertEqual(try value(sql, at: before) as Int?, 0)
        XCTAssertEqual(try value(sql) as Int?, 1)
    }

    func testAReadKnownOnADateSeesARowRemovedLaterWithEveryColumn() throws {
        let row = try store.scriptRead { db in try Row.fetchOne(db, sql: "SELECT * FROM risks WHERE id = 'PRJ-001/R2'") }
        try recorder.revision(knownOn: "2026-10-05", [.delete("risks", key: ["PRJ-001/R2"])])
        let past = try store.scriptRead(at: before) { db in try Row.fetchOne(db, sql: "SELECT * FROM risks WHERE id = 'PRJ-001/R2'") }
        XCTAssertEqual(past, row)
        XCTAssertNil(try store.scriptRead { db in try Row.fetchOne(db, sql: "SELECT * FROM risks WHERE id = 'PRJ-001/R2'") })
    }

    func testTheKnownOnFilterStillAppliesToThePast() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("status_reports", key: ["PRJ-001/S2026-09-30"], set: ["overall": "green"])])
        let rows = try store.scriptRead(at: .knownOn(Day("2026-09-15")!)) { db in
            try Row.fetchAll(try ScriptReads.rows(of: "status_reports", knownOn: "report_date", asOf: Day("2026-09-15")!, in: db))
        }
        XCTAssertFalse(rows.isEmpty)
        XCTAssertTrue(rows.allSatisfy { ($0["report_date"] as String) <= "2026-09-15" })
    }

    func testAReadAfterTheLastRevisionReadsTheTablesThemselves() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Renamed"])])
        XCTAssertFalse(try store.scriptRead(at: .knownOn(Day("2026-10-05")!)) { db in try StoreHistory.isPast("tasks", in: db) })
        XCTAssertTrue(try store.scriptRead(at: before) { db in try StoreHistory.isPast("tasks", in: db) })
    }

    func testAPastReadLeavesNoViewForTheNextReadOfNow() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Renamed"])])
        _ = try value("SELECT name FROM tasks WHERE id = 'PRJ-001/T2'", at: before) as String?
        XCTAssertEqual(try value("SELECT count(*) FROM temp.sqlite_master") as Int?, 0)
        XCTAssertEqual(try value("SELECT name FROM tasks WHERE id = 'PRJ-001/T2'") as String?, "Renamed")
    }

    func testOnlyTheTablesALaterRevisionTouchedAreReadThroughAView() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Renamed"])])
        let past = try store.scriptRead(at: before) { db in try (StoreHistory.isPast("tasks", in: db), StoreHistory.isPast("risks", in: db)) }
        XCTAssertTrue(past.0)
        XCTAssertFalse(past.1)
    }

    func testTheEVMInputsOfThePastReadTheTimephasedRowsAsTheyWereNotThePackedCopy() throws {
        let end = "2026-09-30"
        try recorder.revision(knownOn: "2026-10-05", [.update("timephased", key: ["PRJ-001", nil, end], set: ["ev": 1.0])])
        try store.write { _ in }   // re-packs the curves: the copy is fresh, and describes now
        let asOf = Day(end)!
        let then = try store.scriptRead(at: before) { db in try EVMInputsQuery.read(db, asOf: asOf) }
        let now = try store.scriptRead { db in try EVMInputsQuery.read(db, asOf: asOf) }
        XCTAssertEqual(now.first { $0.projectId == "PRJ-001" }?.ev, 1.0)
        XCTAssertNotEqual(then.first { $0.projectId == "PRJ-001" }?.ev, 1.0)
        XCTAssertEqual(then.first { $0.projectId == "PRJ-001" }?.dataDate, asOf)
    }

    func testTheLatestStatusReportOfThePastIsTheOneAsItWas() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("status_reports", key: ["PRJ-001/S2026-09-30"], set: ["overall": "green"])])
        func overall(_ point: StorePoint) throws -> String? {
            try store.scriptRead(at: point) { db in
                try Row.fetchAll(try PortfolioLoad.latestStatusStatement(db, asOf: nil)).first { $0["project_id"] == "PRJ-001" }?["overall"]
            }
        }
        XCTAssertEqual(try overall(before), "red")
        XCTAssertEqual(try overall(.now), "green")
    }

    func testAReadAfterARevisionSeesTheStateRightAfterIt() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "First"])])
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Second"])])
        let sql = "SELECT name FROM tasks WHERE id = 'PRJ-001/T2'"
        XCTAssertEqual(try value(sql, at: .afterRevision(0)) as String?, "Design")
        XCTAssertEqual(try value(sql, at: .afterRevision(1)) as String?, "First")
        XCTAssertEqual(try value(sql, at: .afterRevision(2)) as String?, "Second")
    }

    func testARealColumnWrittenAsAWholeNumberInJSONReadsAsAReal() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("projects", key: ["PRJ-001"], set: ["bac": 5.0])])
        try recorder.queue.write { db in
            try db.execute(sql: "UPDATE row_history SET before = json_set(before, '$.bac', 7) WHERE table_name = 'projects'")
        }
        let bac = try store.scriptRead(at: before) { db in try DatabaseValue.fetchOne(db, sql: "SELECT bac FROM projects WHERE id = 'PRJ-001'") }
        XCTAssertEqual(bac?.storage, .double(7))
    }

    func testHistoryNamingATableThatIsNotADataTableIsLeftOut() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Renamed"])])
        try recorder.queue.write { db in
            try db.execute(sql: "INSERT INTO row_history VALUES (1, 'sqlite_master', '[\"x\"]', NULL, NULL), (1, 'revisions', '[1]', NULL, NULL)")
        }
        XCTAssertEqual(try value("SELECT name FROM tasks WHERE id = 'PRJ-001/T2'", at: before) as String?, "Design")
        XCTAssertEqual(try store.changedRows(from: before, to: .now).rows.map(\.table), ["tasks"])
    }

    func testChangedRowsGiveEachRowTouchedWithItsStateBeforeAndAfter() throws {
        try recorder.revision(knownOn: "2026-10-05", [
            .update("tasks", key: ["PRJ-001/T2"], set: ["forecast_finish": "2026-10-20"]),
            .insert("risks", ["id": "PRJ-001/R99", "project_id": "PRJ-001", "title": "New", "status": "open"]),
            .delete("risks", key: ["PRJ-001/R2"]),
        ])
        let changes = try store.changedRows(from: before, to: .now)
        XCTAssertEqual(changes.from, 0)
        XCTAssertEqual(changes.to, 1)
        XCTAssertEqual(changes.rows.map { "\($0.table) \($0.key)" }, [
            #"risks ["PRJ-001/R2"]"#, #"risks ["PRJ-001/R99"]"#, #"tasks ["PRJ-001/T2"]"#,
        ])
        let task = changes.rows[2]
        XCTAssertEqual(task.before?["forecast_finish"], "2026-09-30".databaseValue)
        XCTAssertEqual(task.after?["forecast_finish"], "2026-10-20".databaseValue)
        XCTAssertEqual(task.projectId, "PRJ-001")
        XCTAssertNil(changes.rows[0].after)
        XCTAssertNil(changes.rows[1].before)
    }

    func testChangedRowsBetweenTwoPastRevisionsTakeTheAfterStateFromTheNextRevision() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "First"])])
        try recorder.revision(knownOn: "2026-10-12", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Second"])])
        let changes = try store.changedRows(from: .afterRevision(0), to: .afterRevision(1))
        XCTAssertEqual(changes.rows.count, 1)
        XCTAssertEqual(changes.rows[0].before?["name"], "Design".databaseValue)
        XCTAssertEqual(changes.rows[0].after?["name"], "First".databaseValue)
    }

    func testARowChangedAndChangedBackIsNotAChange() throws {
        try recorder.revision(knownOn: "2026-10-05", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Other"])])
        try recorder.revision(knownOn: "2026-10-06", [.update("tasks", key: ["PRJ-001/T2"], set: ["name": "Design"])])
        XCTAssertEqual(try store.changedRows(from: before, to: .now).rows.count, 0)
    }
}
