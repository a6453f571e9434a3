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
        let r = try pmo("import", path("pounds.xml"), "--exchange-rate", "1.17", in: "ws")
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
