import LuaKit
import PMOWorkspace
import Workbench
import XCTest

/// Config files are data: they build tables and can reach nothing else.
final class DataFileEvaluatorTests: XCTestCase {
    func evaluate(_ text: String) throws -> LuaData {
        try DataFileEvaluator.evaluate(source: Array(text.utf8), file: "pmo.config.lua")
    }

    func error(_ text: String) -> ConfigError? {
        do { _ = try evaluate(text); return nil } catch { return error as? ConfigError }
    }

    func testAReturnedTableIsTheValue() throws {
        XCTAssertEqual(try evaluate("return { store = 'a.sqlite', n = 2 }"),
                       .object(["store": .string("a.sqlite"), "n": .integer(2)]))
    }

    func testAssignedGlobalsAreTheValueWhenNothingIsReturned() throws {
        XCTAssertEqual(try evaluate("store = 'a.sqlite'\nlist = { 'x', 'y' }"),
                       .object(["store": .string("a.sqlite"), "list": .array([.string("x"), .string("y")])]))
    }

    func testAnEmptyTableIsAnEmptyList() throws {
        XCTAssertEqual(try evaluate("return { libraries = {} }"), .object(["libraries": .array([])]))
    }

    func testATableWithItemsAndNamesKeepsItsPositionsAsDecimalKeys() throws {
        XCTAssertEqual(try evaluate("return { 'x', name = 'n' }"), .object(["1": .string("x"), "name": .string("n")]))
    }

    func testIntegersAndFloatsStayDistinct() throws {
        guard case .object(let o) = try evaluate("return { i = 2, f = 2.0 }") else { return XCTFail("not an object") }
        XCTAssertEqual(o["i"]?.typeName, "number")
        guard case .integer(2)? = o["i"], case .number(2.0)? = o["f"] else { return XCTFail("\(o)") }
    }

    func testNoLibraryIsReachable() {
        for name in ["os", "io", "require", "load", "string", "print", "setmetatable"] {
            XCTAssertNotNil(error("x = \(name).x"), name)
        }
    }

    func testStringMethodsAreUnreachable() {
        XCTAssertEqual(error("x = ('a'):rep(10)")?.line, 1)
    }

    func testAFunctionValueIsRefusedWithItsField() {
        let e = error("return {\n  hook = function() end,\n}")
        XCTAssertEqual(e?.line, 2)
        XCTAssertTrue(e?.message.contains("field 'hook': a function") ?? false, "\(String(describing: e))")
    }

    func testBinaryChunksAreRefused() {
        XCTAssertNotNil(error("\u{1B}Lua"))
    }

    func testASyntaxErrorNamesItsLine() {
        XCTAssertEqual(error("return {\n  a = 1\n  b = 2\n}")?.line, 3)
    }

    func testARunawayLoopIsStopped() {
        XCTAssertTrue(error("while true do end")?.message.contains("instructions") ?? false)
    }

    func testATableThatHoldsItselfIsRefused() {
        XCTAssertTrue(error("t = {}\nt.t = t")?.message.contains("nested") ?? false)
    }

    func testAListWithHolesIsRefused() {
        XCTAssertTrue(error("return { items = { 'a', nil, 'c' } }")?.message.contains("holes") ?? false)
    }

    func testLineOfFindsTheAssignmentNotAMention() {
        let source = "-- the store is set below\nreport = { store_note = 1 }\nstore = 'x'\n"
        XCTAssertEqual(DataFileEvaluator.line(of: "store", in: source), 3)
        XCTAssertEqual(DataFileEvaluator.line(of: "report.store_note", in: source), 2)
    }
}
