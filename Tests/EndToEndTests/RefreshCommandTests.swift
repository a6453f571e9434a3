import Foundation
import XCTest

/// `pmo import` of a later version of a file already imported: the store is brought to the
/// file's content within what the format owns, and the change is recorded as a revision with
/// the rows as they were before (issue 24; docs/importers.md, docs/history.md). The files are
/// in Fixtures/refresh: an MS Project plan in two versions (v2: Build moved two weeks, Design
/// finished, task 4 removed with its assignment, Commissioning added, baseline 1 set), a CSV
/// bundle and a Jira export in two versions.
final class RefreshCommandTests: EndToEndCase {
    let user = ["USER": "pmo-tester"]

    func fixture(_ name: String) -> String {
        PMOProcess.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/refresh/\(name)").path
    }

    /// Imports `name` into `store.sqlite` and asserts it succeeded.
    @discardableResult
    func importing(_ name: String, _ extra: String...) throws -> PMOProcess.Outcome {
        let r = try PMOProcess.run(["import", fixture(name), "--store", "store.sqlite"] + extra, in: folder, environment: user)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r
    }

    /// The rows of `query` on the store, one line each, columns tab-separated (NULL as nil).
    func rows(_ query: String, _ columns: String...) throws -> [String] {
        let fields = columns.map { "tostring(r[\"\($0)\"])" }.joined(separator: ", ")
        let r = try pmo("eval", "--store", "store.sqlite", "for _, r in ipairs(pmo.sql([[\(query)]])) do print(\(fields)) end")
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// The store's file and its write-ahead log, as bytes.
    func storeBytes() throws -> [Data] {
        try ["store.sqlite", "store.sqlite-wal"].map { name in
            FileManager.default.fileExists(atPath: path(name)) ? try Data(contentsOf: URL(fileURLWithPath: path(name))) : Data()
        }
    }

    // MARK: MS Project

    func testReimportedPlanUpdatesMovedTasksAddsTheNewOneAndRemovesTheDroppedOne() throws {
        try importing("plan-v1.xml", "--project-id", "PLANT")
        let r = try importing("plan-v2.xml", "--project-id", "PLANT")
        XCTAssertTrue(r.stdout.contains("added 1 task, 2 task_links, 1 baseline; changed 1 project, 3 tasks, 1 milestone; removed 1 task, 2 task_links, 1 assignment (revision 2"), r.stdout)
        XCTAssertEqual(try rows("SELECT id, forecast_start, forecast_finish, percent_complete FROM tasks ORDER BY id",
                                "id", "forecast_start", "forecast_finish", "percent_complete"), [
            "PLANT/T1\t2026-01-05\t2026-01-16\t100.0",
            "PLANT/T2\t2026-01-19\t2026-02-06\t100.0",
            "PLANT/T3\t2026-02-23\t2026-03-27\t20.0",
            "PLANT/T5\t2026-04-10\t2026-04-10\t0.0",
            "PLANT/T6\t2026-03-30\t2026-04-10\t0.0",
        ])
        XCTAssertEqual(try rows("SELECT id FROM baselines WHERE task_id IS NULL ORDER BY id", "id"), ["PLANT/B0", "PLANT/B1"])
        XCTAssertEqual(try rows("SELECT id FROM assignments", "id"), ["PLANT/A1"])
    }

    func testReimportedPlanRecordsItsRevision() throws {
        try importing("plan-v1.xml", "--project-id", "PLANT")
        try importing("plan-v2.xml", "--project-id", "PLANT")
        let revision = try rows("SELECT id, kind, source, format, length(sha256) AS n, recorded_by, added, changed, removed, json_extract(counts, '$.tasks') AS tasks FROM revisions ORDER BY id",
                                "id", "kind", "format", "n", "recorded_by", "added", "changed", "removed", "tasks")
        XCTAssertEqual(revision, [
            "1\timport\tmspdi\t64\tpmo-tester\t20\t0\t0\t{\"added\":5,\"changed\":0,\"removed\":0}",
            "2\timport\tmspdi\t64\tpmo-tester\t4\t5\t4\t{\"added\":1,\"changed\":3,\"removed\":1}",
        ])
        XCTAssertEqual(try rows("SELECT source FROM revisions WHERE id = 2", "source"), [fixture("plan-v2.xml")])
    }

    func testReimportedPlanKeepsEachRowAsItWasBefore() throws {
        try importing("plan-v1.xml", "--project-id", "PLANT")
        try importing("plan-v2.xml", "--project-id", "PLANT")
        let history = try rows("""
            SELECT row_key, project_id, ifnull(json_extract(before, '$.forecast_start'), 'added') AS start, json_extract(before, '$.name') AS name
            FROM row_history WHERE revision_id = 2 AND table_name = 'tasks' ORDER BY row_key
            """, "row_key", "project_id", "start", "name")
        XCTAssertEqual(history, [
            "[\"PLANT/T2\"]\tPLANT\t2026-01-19\tDesign",
            "[\"PLANT/T3\"]\tPLANT\t2026-02-09\tBuild",
            "[\"PLANT/T4\"]\tPLANT\t2026-02-09\tOld permit review",
            "[\"PLANT/T5\"]\tPLANT\t2026-03-27\tHandover",
            "[\"PLANT/T6\"]\tPLANT\tadded\tnil",
        ])
        // Removed with its task by the plan, its assignment is kept as it was too.
        XCTAssertEqual(try rows("SELECT json_extract(before, '$.task_id') AS task FROM row_history WHERE revision_id = 2 AND table_name = 'assignments'", "task"),
                       ["PLANT/T4"])
    }

    func testReimportedPlanKeepsThePhaseAndPortfolioTheBundleSet() throws {
        try importing("plan-v1.xml", "--project-id", "PLANT")
        try write("id,name\nOPS,Operations\n", to: "pmo/portfolios.csv")
        try write("id,name,portfolio_id,phase\nPLANT,Plant upgrade,OPS,closing\n", to: "pmo/projects.csv")
        XCTAssertEqual(try pmo("import", path("pmo"), "--store", "store.sqlite").status, 0)
        try importing("plan-v2.xml", "--project-id", "PLANT")
        XCTAssertEqual(try rows("SELECT phase, portfolio_id, forecast_finish FROM projects", "phase", "portfolio_id", "forecast_finish"),
                       ["closing\tOPS\t2026-04-10"])
    }

    // MARK: CSV bundle and Jira

    func testReimportedBundleUpdatesAddsAndRemovesRowsOfItsTables() throws {
        try importing("bundle-v1")
        let r = try importing("bundle-v2")
        XCTAssertTrue(r.stdout.contains("added 1 project, 1 risk, 1 custom_field; changed 1 project, 1 risk, 1 custom_field; removed 1 risk (revision 2"), r.stdout)
        XCTAssertEqual(try rows("SELECT id, probability, status FROM risks ORDER BY id", "id", "probability", "status"),
                       ["P1/R1\t0.6\tmitigating", "P2/R1\t0.3\topen", "P3/R1\t0.5\topen"])
        XCTAssertEqual(try rows("SELECT entity_id, value FROM custom_fields ORDER BY entity_id", "entity_id", "value"),
                       ["P1\tCC-9", "P2\tCC-2", "P3\tCC-3"])
        XCTAssertEqual(try rows("""
            SELECT table_name, row_key, json_extract(before, '$.probability') AS p, json_extract(before, '$.value') AS v
            FROM row_history WHERE revision_id = 2 AND before IS NOT NULL ORDER BY table_name, row_key
            """, "table_name", "row_key", "p", "v"), [
            "custom_fields\t[\"projects\",\"P1\",\"Cost Centre\"]\tnil\tCC-1",
            "projects\t[\"P1\"]\tnil\tnil",
            "risks\t[\"P1/R1\"]\t0.4\tnil",
            "risks\t[\"P1/R2\"]\t0.1\tnil",
        ])
    }

    func testReimportedJiraExportUpdatesTheWorkItemsOfItsProject() throws {
        try importing("bundle-v1")
        try importing("jira-v1.csv", "--project-id", "P1")
        let r = try importing("jira-v2.csv", "--project-id", "P1")
        XCTAssertTrue(r.stdout.contains("added 1 work_item; changed 1 work_item; removed 1 work_item (revision 3"), r.stdout)
        XCTAssertEqual(try rows("SELECT id, status, resolved FROM work_items ORDER BY id", "id", "status", "resolved"),
                       ["OPS-1\tDone\t2026-02-05", "OPS-2\tDone\t2026-02-12", "OPS-4\tTo Do\tnil"])
        XCTAssertEqual(try rows("""
            SELECT row_key, json_extract(before, '$.status') AS s FROM row_history WHERE revision_id = 3 ORDER BY row_key
            """, "row_key", "s"), ["[\"OPS-2\"]\tIn Progress", "[\"OPS-3\"]\tTo Do", "[\"OPS-4\"]\tnil"])
    }

    // MARK: Failure, dry run, dates, nothing to do

    func testFailingReimportLeavesStoreAndHistoryByteForByte() throws {
        try importing("plan-v1.xml", "--project-id", "PLANT")
        let bad = try String(contentsOfFile: fixture("plan-v2.xml"), encoding: .utf8)
            .replacingOccurrences(of: "<PercentComplete>20</PercentComplete>", with: "<PercentComplete>twenty</PercentComplete>")
        try write(bad, to: "plan-v2.xml")
        let before = try storeBytes()
        let r = try pmo("import", path("plan-v2.xml"), "--project-id", "PLANT", "--store", "store.sqlite")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("field 'PercentComplete', value 'twenty'"), r.stderr)
        XCTAssertEqual(try storeBytes(), before)
    }

    func testFailingReimportOfABundleLeavesStoreAndHistoryByteForByte() throws {
        try importing("bundle-v1")
        try FileManager.default.copyItem(atPath: fixture("bundle-v2"), toPath: path("b2"))
        try write("id,project_id,title,probability,status\nP1/R1,P1,Late steel,0.6,mitigating\nP9/R1,P9,Nowhere,0.1,open\n", to: "b2/risks.csv")
        let before = try storeBytes()
        let r = try pmo("import", path("b2"), "--store", "store.sqlite")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("risks.csv:3: field 'project_id', value 'P9'"), r.stderr)
        XCTAssertEqual(try storeBytes(), before)
    }

    func testDryRunSaysWhatWouldChangeAndWritesNothing() throws {
        try importing("plan-v1.xml", "--project-id", "PLANT")
        let before = try storeBytes()
        let r = try importing("plan-v2.xml", "--project-id", "PLANT", "--dry-run")
        XCTAssertTrue(r.stdout.contains("dry run, nothing written"), r.stdout)
        XCTAssertTrue(r.stdout.contains("tasks        1 added, 3 changed, 1 removed"), r.stdout)
        XCTAssertTrue(r.stdout.contains("~ PLANT/T3: forecast_start 2026-02-09 -> 2026-02-23, forecast_finish 2026-03-13 -> 2026-03-27, percent_complete 0.0 -> 20.0"), r.stdout)
        XCTAssertTrue(r.stdout.contains("- PLANT/T4"), r.stdout)
        XCTAssertEqual(try storeBytes(), before)
    }

    func testKnownOnBeforeTheLatestRevisionIsRefusedWithBothDates() throws {
        try importing("plan-v1.xml", "--project-id", "PLANT", "--known-on", "2026-11-09")
        let before = try storeBytes()
        let r = try pmo("import", fixture("plan-v2.xml"), "--project-id", "PLANT", "--store", "store.sqlite", "--known-on", "2026-11-02")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("--known-on 2026-11-02 is before 2026-11-09"), r.stderr)
        XCTAssertEqual(try storeBytes(), before)
    }

    func testKnownOnDatesTheRevision() throws {
        try importing("plan-v1.xml", "--project-id", "PLANT", "--known-on", "2026-11-02")
        try importing("plan-v2.xml", "--project-id", "PLANT", "--known-on", "2026-11-09")
        XCTAssertEqual(try rows("SELECT known_on FROM revisions ORDER BY id", "known_on"), ["2026-11-02", "2026-11-09"])
    }

    func testSecondIdenticalImportRecordsNothing() throws {
        try importing("bundle-v1")
        let before = try storeBytes()
        let r = try importing("bundle-v1")
        XCTAssertTrue(r.stdout.contains("no change: the store already holds what it gives; nothing recorded"), r.stdout)
        XCTAssertEqual(try storeBytes(), before)
        XCTAssertEqual(try rows("SELECT count(*) AS n FROM revisions", "n"), ["1"])
    }

    func testScriptTransactionIsRecordedAsARevision() throws {
        try importing("bundle-v1")
        let r = try PMOProcess.run(["eval", "--store", "store.sqlite", #"pmo.transaction(function(tx) tx:update(pmo.project("P2"), { phase = "execution" }) end)"#],
                                   in: folder, environment: user)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try rows("SELECT kind, recorded_by, changed, json_extract(before, '$.phase') AS phase FROM revisions JOIN row_history ON revision_id = id WHERE id = 2",
                                "kind", "recorded_by", "changed", "phase"), ["transaction\tpmo-tester\t1\tplanning"])
    }
}
