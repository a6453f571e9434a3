import Foundation
import XCTest

/// `pmo import` and `pmo export` on workspaces.
final class ImportExportCommandTests: EndToEndCase {
    func testImportGoesIntoTheWorkspaceStoreAndSummarisesWhatWasAdded() throws {
        try demoWorkspace("demo", projects: 6)
        XCTAssertEqual(try pmo("init", "ws").status, 0)
        let r = try pmo("import", path("demo/data/csv"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("added 1 organisation, 3 portfolios, 6 programs, 6 projects"), r.stdout)
        XCTAssertEqual(try pmo("eval", "#pmo.projects()", in: "ws").stdout, "6\n")
    }

    /// A plan in pounds: BAC 1,000.00 (the summary task's baseline cost, in hundredths).
    static let poundsPlan = """
        <Project>
        <Title>Pounds</Title><CurrencyCode>GBP</CurrencyCode><Tasks>
        <Task><UID>0</UID><Name>Pounds</Name><Baseline><Number>0</Number><Cost>100000</Cost></Baseline></Task>
        </Tasks></Project>
        """

    func testMSPDIInAnotherCurrencyIsRefusedNamingBothCodes() throws {
        try demoWorkspace("ws", projects: 2)
        try write(Self.poundsPlan, to: "pounds.xml")
        let r = try pmo("import", path("pounds.xml"), in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("pounds.xml:2: /Project/CurrencyCode: field 'CurrencyCode', value 'GBP': the file's money is in GBP, "
                                        + "the organisation's in EUR; give --exchange-rate R (1 GBP = R EUR) to convert it"), r.stderr)
        XCTAssertEqual(try pmo("eval", "#pmo.projects()", in: "ws").stdout, "2\n")
    }

    func testMSPDIExchangeRateConvertsTheMoney() throws {
        try demoWorkspace("ws", projects: 2)
        try write(Self.poundsPlan, to: "pounds.xml")
        // Known on the demo workspace's as-of date, so its reads show the project (docs/history.md).
        let r = try pmo("import", path("pounds.xml"), "--exchange-rate", "1.17", "--known-on", "2026-09-30", in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        let p = try pmo("eval", "local p = pmo.project('pounds'); return p.bac, p.currency, p.source_currency, p.exchange_rate", in: "ws")
        XCTAssertEqual(p.stdout, "1,170\tEUR\tGBP\t1.17\n")
    }

    func testExchangeRateForAnotherFormatIsAUsageError() throws {
        try demoWorkspace("demo", projects: 2)
        let r = try pmo("import", path("demo/data/csv"), "--store", "x.sqlite", "--exchange-rate", "2")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--exchange-rate converts an MS Project (MSPDI) file's money"), r.stderr)
    }

    func testImportDrawsNoProgressBarOnAPipe() throws {
        try demoWorkspace("demo", projects: 6)
        XCTAssertEqual(try pmo("init", "ws").status, 0)
        let r = try pmo("import", path("demo/data/csv"), in: "ws")
        XCTAssertEqual(r.stderr, "")
        XCTAssertFalse(r.stdout.contains("\u{1B}["), r.stdout)
    }

    func testImportWithoutAWorkspaceOrStoreIsAUsageError() throws {
        try write("{}", to: "x.json")
        let r = try pmo("import", "x.json")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("pmo init"), r.stderr)
    }

    /// A Jira export of two issues of project WS, one carried through two sprints.
    static let jiraExport = """
        Issue key,Issue id,Project key,Summary,Priority,Sprint,Sprint,Custom field (Story Points)
        WS-1,10001,WS,Log in,High,WS Sprint 1,WS Sprint 2,3
        WS-2,10002,WS,Log out,Low,WS Sprint 2,,1

        """

    func testJiraImportMapsProjectKeysThroughTheWorkspaceConfig() throws {
        try demoWorkspace(projects: 4)
        try write("return { store = \"data/pmo.sqlite\", jira = { projects = { WS = \"PRJ-002\" } } }", to: "ws/pmo.config.lua")
        try write(Self.jiraExport, to: "jira.csv")
        let r = try pmo("import", path("jira.csv"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("added 2 work_items, 2 custom_fields"), r.stdout)
        let item = try pmo("eval", """
            local w = pmo.work_item("WS-1")
            return w.project_id, w.priority, w.story_points == 3, w.sprint, #w:sprint_list(), w:custom()["Issue id"]
            """, in: "ws")
        XCTAssertEqual(item.stdout, "PRJ-002\tHigh\ttrue\tWS Sprint 2\t2\t10001\n", item.stderr)
    }

    func testJiraImportRefusesAnItemWhoseKeyMapsToNoProject() throws {
        try demoWorkspace(projects: 4)
        try write(Self.jiraExport, to: "jira.csv")
        let r = try pmo("import", path("jira.csv"), in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("jira.csv:2: field 'Project key', value 'WS': the Jira project key 'WS' maps to no store project"), r.stderr)
        XCTAssertEqual(try pmo("eval", "#pmo.work_items{ project_key = 'WS' }", in: "ws").stdout, "0\n")
    }

    func testAnImportKnownAfterTheWorkspacesAsofDateSaysReadsAsOfThatDateDoNotShowIt() throws {
        try demoWorkspace(projects: 2)
        try write(Self.jiraExport, to: "jira.csv")
        let r = try pmo("import", path("jira.csv"), "--allow-no-project", "--known-on", "2026-10-07", in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("pmo: note: this import is known from 2026-10-07, after 2026-09-30, the date the workspace reads the portfolio as of"), r.stderr)
        XCTAssertEqual(try pmo("eval", "#pmo.work_items(function(w) return w.project_key == 'WS' end)", in: "ws").stdout, "0\n")
        XCTAssertEqual(try pmo("eval", "pmo.asof(nil) return #pmo.work_items(function(w) return w.project_key == 'WS' end)", in: "ws").stdout, "2\n")
    }

    func testJiraImportWithAllowNoProjectStoresTheItemsWithAWarning() throws {
        try demoWorkspace(projects: 4)
        try write(Self.jiraExport, to: "jira.csv")
        let r = try pmo("import", path("jira.csv"), "--allow-no-project", "--known-on", "2026-09-30", in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("pmo: warning: \(path("jira.csv")):2: Jira project key 'WS': 2 work items (the first on this line) stored without a project"), r.stderr)
        XCTAssertEqual(try pmo("eval", "#pmo.work_items(function(w) return w.project_key == 'WS' and w.project_id == nil end)", in: "ws").stdout, "2\n")
    }

    func testAllowNoProjectOnAnotherFormatIsAUsageError() throws {
        try demoWorkspace("demo", projects: 2)
        XCTAssertEqual(try pmo("init", "ws").status, 0)
        let r = try pmo("import", path("demo/data/csv"), "--allow-no-project", in: "ws")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--allow-no-project applies to Jira exports only"), r.stderr)
        XCTAssertEqual(try pmo("eval", "#pmo.projects()", in: "ws").stdout, "0\n")
    }

    func testExportWritesTheWorkspaceStore() throws {
        try demoWorkspace(projects: 4)
        let r = try pmo("export", "--format", "json", path("out"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try String(contentsOfFile: path("out/pmo.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("PRJ-004"), String(json.prefix(200)))
    }

    func testExportIsTheSameOnEveryRun() throws {
        try demoWorkspace(projects: 4)
        XCTAssertEqual(try pmo("export", "--format", "json", path("a"), in: "ws").status, 0)
        XCTAssertEqual(try pmo("export", "--format", "json", path("b"), in: "ws").status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: path("a/pmo.json")), FileManager.default.contents(atPath: path("b/pmo.json")))
    }
}
