import LuaKit
@testable import REPL
@testable import Workbench
import XCTest

/// lua.c's rule for what to do with a line: print it, run it, or wait for more.
final class REPLChunkTests: XCTestCase {
    private let session = try! REPLSession(host: PlainREPLHost())

    private func kind(_ text: String) -> String {
        switch REPLChunk.compile(text, chunkName: "=test", in: session) {
        case .expression: return "expression"
        case .statements: return "statements"
        case .incomplete: return "incomplete"
        case .invalid: return "invalid"
        }
    }

    func testAnExpressionIsPrinted() { XCTAssertEqual(kind("1 + 1"), "expression") }
    func testACallIsAnExpressionSoItsResultsPrint() { XCTAssertEqual(kind("math.max(1, 2)"), "expression") }
    func testAnAssignmentIsAStatement() { XCTAssertEqual(kind("x = 1"), "statements") }
    func testAnOpenForLoopIsIncomplete() { XCTAssertEqual(kind("for i = 1, 3 do"), "incomplete") }
    func testAnOpenFunctionCallIsIncomplete() { XCTAssertEqual(kind("print(1,"), "incomplete") }
    func testAnUnfinishedLongStringIsIncomplete() { XCTAssertEqual(kind("s = [[first line"), "incomplete") }
    func testAClosedBlockIsComplete() { XCTAssertEqual(kind("for i = 1, 3 do\nprint(i)\nend"), "statements") }
    func testAStrayTokenIsAnErrorNotIncomplete() { XCTAssertEqual(kind("x = )"), "invalid") }
    func testAnExtraEndIsAnError() { XCTAssertEqual(kind("end"), "invalid") }
}

/// Top-level `local` statements become session variables; everything else stays.
final class SessionLocalsRewriteTests: XCTestCase {
    private func rewrite(_ s: String) -> SessionLocalsRewrite { SessionLocalsRewrite(rewriting: s) }

    func testALocalWithAValueBecomesAnAssignment() {
        XCTAssertEqual(rewrite("local x, y = 1, 2"), SessionLocalsRewrite(code: " x, y = 1, 2", names: ["x", "y"]))
    }

    func testALocalWithoutAValueIsSetToNil() {
        XCTAssertEqual(rewrite("local n").code, " n = nil")
    }

    func testALocalFunctionBecomesASessionFunction() {
        let r = rewrite("local function f(a) local b = a return b end")
        XCTAssertEqual(r.code, " function f(a) local b = a return b end")
        XCTAssertEqual(r.names, ["f"])
    }

    func testLocalsInsideBlocksStayLocal() {
        let source = "do local a = 1 end if x then local b = 2 end local f = function() local c end"
        let r = rewrite(source)
        XCTAssertEqual(r.names, ["f"])
        XCTAssertEqual(r.code, "do local a = 1 end if x then local b = 2 end  f = function() local c end")
    }

    func testAConstLocalIsDeclaredConstant() {
        let r = rewrite("local k <const> = 10")
        XCTAssertEqual(r.names, ["k"])
        XCTAssertEqual(r.constants, ["k"])
        XCTAssertFalse(r.code.contains("const"))
    }

    func testACloseLocalIsLeftAlone() {
        XCTAssertEqual(rewrite("local h <close> = nil").code, "local h <close> = nil")
    }

    func testTheWordLocalInsideStringsAndCommentsIsIgnored() {
        let source = "print('local x = 1') -- local y = 2\n--[[ local z ]] s = [==[local w]==]"
        XCTAssertEqual(rewrite(source).code, source)
    }

    func testLineBreaksAreKeptSoErrorLinesMatch() {
        XCTAssertEqual(rewrite("local a =\n1\nlocal b").code, " a =\n1\n b = nil")
    }
}
