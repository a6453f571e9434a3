import LuaKit
@testable import REPL
@testable import Workbench
import XCTest

/// The pretty printer (Lua/pretty.lua) through its Swift handle.
final class REPLPrinterTests: XCTestCase {
    private let lua = try! LuaState()
    private lazy var printer = try! REPLPrinter(lua: lua)

    private func show(_ code: String) throws -> String {
        try printer.format(try lua.run("return " + code, name: "=test"))
    }

    func testStringsAreQuotedWithEscapes() throws {
        XCTAssertEqual(try show(#"'say "hi"\t'"#), #""say \"hi\"\t""#)
        XCTAssertEqual(try show(#"{ 'say "hi"\n' }"#), #"{ "say \"hi\"\n" }"#)
    }

    func testAResultOfSeveralLinesShowsAsItsTextWithControlBytesEscaped() throws {
        XCTAssertEqual(try show(#"'one\n  two\27[2J\n'"#), "one\n  two\\027[2J")
    }

    func testKeysAreSortedAfterTheListPart() throws {
        XCTAssertEqual(try show("{ zeta = 1, alpha = 2, 'first', 'second', [10] = true }"),
                       #"{ "first", "second", [10] = true, alpha = 2, zeta = 1 }"#)
    }

    func testKeysThatAreNotNamesAreBracketed() throws {
        XCTAssertEqual(try show("{ ['two words'] = 1, ['end'] = 2 }"), #"{ ["end"] = 2, ["two words"] = 1 }"#)
    }

    func testACycleIsShownNotFollowed() throws {
        XCTAssertEqual(try show("(function() local t = { 1 } t.me = t return t end)()"), "{ 1, me = <cycle> }")
    }

    func testNestingIsCutAtTheDepthLimit() throws {
        XCTAssertEqual(try show("{ a = { b = { c = { d = 1 } } } }"), "{ a = { b = { c = {...} } } }")
    }

    private let records = "{ { amount = 1144000.5, code = 'ABCDEFGHIJ', name = ('Programme of work '):rep(3) }, "
        + "{ amount = 2288001, code = 'KLMNOPQRST', name = 'Short' } }"

    func testARecordTableIsCutToTheScreenWidthTextFirst() throws {
        printer.setScreenWidth(50)
        let text = try show(records)
        for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 50, text) }
        XCTAssertTrue(text.contains("1,144,000.5") && text.contains("ABCDEFGHIJ  Programme of work P…"), text)
    }

    func testNumbersAreNeverCutAndTheLastColumnsAreCountedWhenTextCannotMakeRoom() throws {
        printer.setScreenWidth(20)
        let text = try show(records)
        XCTAssertTrue(text.contains("1,144,000.5") && text.contains("(2 more columns)"), text)
        XCTAssertFalse(text.contains("ABCD"), text)
    }

    func testAFixedWidthOptionWinsOverTheScreen() throws {
        printer.setScreenWidth(40)
        _ = try lua.run("require('repl.pretty').options.width = 200", name: "=test")
        XCTAssertTrue(try show(records).contains("Programme of work Programme of work Programme of work"))
    }

    func testTheScreenWidthComesFromColumnsWhenOutputIsNotATerminal() throws {
        let pipe = Pipe()
        let fd = pipe.fileHandleForWriting.fileDescriptor
        XCTAssertEqual(Terminal.columns(fd, environment: ["COLUMNS": "72"]), 72)
        XCTAssertNil(Terminal.columns(fd, environment: ["COLUMNS": "wide"]))
        XCTAssertNil(Terminal.columns(fd, environment: [:]))
    }

    func testLongTablesAreCutAtTheItemLimit() throws {
        printer.setOption("items", 3)
        XCTAssertEqual(try show("{ 1, 2, 3, 4, 5 }"), "{ 1, 2, 3, ... (2 more) }")
    }

    func testLargeNumbersAreGroupedAndFloatsRounded() throws {
        XCTAssertEqual(try show("1234567, 1234567.891, 0.9234567, 3.0, 2026"),
                       "1,234,567\t1,234,567.89\t0.923457\t3.0\t2026")
    }

    func testAListOfRecordsPrintsAsAnAlignedTable() throws {
        let out = try show("{ { id = 'P1', spi = 0.91 }, { id = 'P22', spi = 1.05 } }")
        XCTAssertEqual(out, """
            2 records
              #  id   spi
              1  P1   0.91
              2  P22  1.05
            """)
    }

    func testARegisteredSummaryReplacesTheTable() throws {
        let mt = try lua.run("project_mt = {} return project_mt")[0].tableValue!
        let summary = try lua.load("local p = ... return 'Project ' .. p.id")
        try printer.registerSummary(metatable: mt, summary: summary)
        XCTAssertEqual(try show("setmetatable({ id = 'P7', bac = 1 }, project_mt)"), "Project P7")
    }

    func testAFailingTostringDoesNotBreakPrinting() throws {
        XCTAssertEqual(try show("setmetatable({}, { __tostring = function() error('no') end })"),
                       "<table: __tostring failed>")
    }
}
