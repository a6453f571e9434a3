import PMOScripting
import XCTest

/// Odd error values (issue 9, case 9) and results that cannot leave (case 11).
final class SandboxErrorValueTests: XCTestCase {
    func testNilErrorValueIsDescribed() {
        XCTAssertEqual(sandboxError("error(nil)")?.message, "(error object is a nil value)")
    }

    func testTableErrorValueIsDescribed() {
        XCTAssertEqual(sandboxError("error({code = 1})")?.message, "(error object is a table value)")
    }

    func testHugeStringErrorValueIsBounded() {
        let e = sandboxError("error(('x'):rep(1e7))", limits: SandboxLimits(memoryBytes: 128 << 20))
        XCTAssertEqual(e?.kind, .runtime)
        XCTAssertLessThan(e?.message.utf8.count ?? .max, 5000)
    }

    func testErrorValueWithFailingTostringIsDescribed() {
        let e = sandboxError("error(setmetatable({}, {__tostring = function() error('worse') end}))")
        XCTAssertEqual(e?.message, "(error object is a table value)")
    }

    func testErrorValueWithLoopingTostringIsStopped() {
        let e = workerError("error(setmetatable({}, {__tostring = function() while true do end end}))")
        XCTAssertNotNil(e, "a timeout, or a kill if the message handler runs without hooks")
    }

    func testSelfReferencingTableCannotBeReturned() {
        let e = sandboxError("local t = {} t.self = t return t")
        XCTAssertEqual(e?.kind, .result)
        XCTAssertEqual(e?.message, "result #1.self: the table refers to itself (a cycle) and cannot leave the sandbox")
    }

    func testSharedButAcyclicTablesCanBeReturned() {
        XCTAssertEqual(try sandboxed("local t = {1} return {t, t}").get(), [[[1], [1]]])
    }

    func testFunctionCannotBeReturned() {
        XCTAssertEqual(sandboxError("return {f = print}")?.kind, .result)
    }

    func testUnpackOfAHugeRangeFails() {
        XCTAssertEqual(sandboxError("return table.unpack({}, 1, 1e8)")?.message, "too many results to unpack")
    }

    func testDeeplyNestedResultIsRefused() {
        XCTAssertEqual(sandboxError("local t = {} for i = 1, 1000 do t = {t} end return t")?.kind, .result)
    }
}
