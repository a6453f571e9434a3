import Foundation
import XCTest

/// `:help` at the prompt on the demo portfolio, as a person meets it.
final class REPLHelpTests: PtySessionCase {
    func testAFunctionsSignatureIsShownOnce() throws {
        let out = try enter(try startREPL(), ":help pmo.projects")
        XCTAssertEqual(out.components(separatedBy: "pmo.projects([filter]) -> List").count - 1, 1, out)
        XCTAssertTrue(out.contains("Every project"), out)
    }

    func testARecordsDateFieldsAreShownAsDates() throws {
        let pty = try startREPL()
        _ = try enter(pty, "local p = pmo.project(\"PRJ-003\")")
        let out = try enter(pty, ":help p")
        XCTAssertTrue(out.contains("p.baseline_finish  Date\n"), out)
        XCTAssertFalse(out.contains("  table\n"), out)
    }

    func testListHasHelp() throws {
        let out = try enter(try startREPL(), ":help List")
        XCTAssertTrue(out.contains("List:filter(f) -> List"), out)
        XCTAssertTrue(out.contains("List:sort_by("), out)
    }

    func testTheKpiModuleHasHelp() throws {
        let out = try enter(try startREPL(), ":help pmo.kpi")
        XCTAssertTrue(out.contains("kpi.evaluate("), out)
        XCTAssertTrue(out.contains("Result:explain()"), out)
    }

    func testTheReportModuleHasHelp() throws {
        let out = try enter(try startREPL(), ":help pmo.report")
        XCTAssertTrue(out.contains("report.new("), out)
        XCTAssertTrue(out.contains("Doc:table("), out)
    }

    func testAMethodHasHelpAsItIsTyped() throws {
        let out = try enter(try startREPL(), ":help p:evm")
        XCTAssertTrue(out.hasPrefix("Project:evm() -> EVM\n  Earned value of the project"), out)
    }

    func testTheTopicListNamesListKpiAndReport() throws {
        let out = try enter(try startREPL(), ":help")
        for topic in ["  List ", "  pmo.kpi ", "  pmo.report "] { XCTAssertTrue(out.contains(topic), topic + " missing from\n" + out) }
    }
}
