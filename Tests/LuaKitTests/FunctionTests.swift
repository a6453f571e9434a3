import LuaKit
import XCTest

/// Swift closures called from Lua.
final class FunctionTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
        lua.register("add") { call in
            call.push(try call.argument(1, as: Double.self) + call.argument(2, as: Double.self))
            return 1
        }
    }

    func message(_ code: String) -> String? {
        do {
            _ = try lua.run(code, name: "=t")
            return nil
        } catch let e as LuaError {
            return e.fullMessage
        } catch {
            return "\(error)"
        }
    }

    func testSwiftFunctionReturnsItsResult() throws {
        XCTAssertEqual(try lua.run("return add(2, 3.5)"), [.number(5.5)])
    }

    func testWrongArgumentTypeReadsLikeLua() {
        XCTAssertEqual(message("add(1, 'x')"), "t:1: bad argument #2 to 'add' (number expected, got string)")
    }

    func testMissingArgumentSaysNoValue() {
        XCTAssertEqual(message("add(1)"), "t:1: bad argument #2 to 'add' (number expected, got no value)")
    }

    func testArgumentErrorUsesTheMetatableName() {
        XCTAssertEqual(message("add(1, setmetatable({}, {__name = 'Project'}))"),
                       "t:1: bad argument #2 to 'add' (number expected, got Project)")
    }

    func testArgumentErrorMatchesStockLuaWording() throws {
        // The same mistake made against a C function of Lua's own library.
        let stock = message("string.rep('x', 'y')")
        XCTAssertEqual(stock, "t:1: bad argument #2 to 'rep' (number expected, got string)")
        XCTAssertEqual(message("add(1, 'y')")?.replacingOccurrences(of: "'add'", with: "'rep'"), stock)
    }

    func testMethodCallShiftsArgumentNumbersAsLuaDoes() throws {
        let t = try lua.run("return {}")[0].tableValue!
        t.rawset("m", LuaFunctionValue(name: "m") { call in
            _ = try call.argument(2, as: Int.self)
            return 0
        })
        lua.setGlobal("t", t)
        XCTAssertEqual(message("t:m('x')"), "t:1: bad argument #1 to 'm' (number expected, got string)")
    }

    func testSeveralResults() throws {
        lua.register("divmod") { call in
            let a = try call.argument(1, as: Int.self), b = try call.argument(2, as: Int.self)
            return call.returning(a / b, a % b)
        }
        XCTAssertEqual(try lua.run("return divmod(17, 5)"), [.integer(3), .integer(2)])
    }

    func testVariadicArguments() throws {
        lua.register("count") { call in
            call.push(call.arguments.filter { !$0.isNil }.count)
            return 1
        }
        XCTAssertEqual(try lua.run("return count(1, nil, 'a', {}, nil)"), [.integer(3)])
    }

    func testRaisingAMessageAddsThePosition() {
        lua.register("fail") { _ in throw LuaRaise.message("no project 'X'") }
        XCTAssertEqual(message("\n fail()"), "t:2: no project 'X'")
    }

    func testRaisingAValueKeepsIt() throws {
        lua.register("fail") { _ in throw LuaRaise.value("plain") }
        XCTAssertEqual(try lua.run("local ok, e = pcall(fail); return e"), ["plain"])
    }

    func testSwiftErrorCanBeCaughtByPcall() throws {
        let r = try lua.run("return pcall(add, 1, {})")
        XCTAssertEqual(r.first, false)
    }

    func testOptionalArgument() throws {
        lua.register("greet") { call in
            call.push("hello " + (try call.optional(1, as: String.self) ?? "world"))
            return 1
        }
        XCTAssertEqual(try lua.run("return greet(), greet('Ada')"), ["hello world", "hello Ada"])
    }

    func testClosureCapturesSwiftState() throws {
        var calls = 0
        lua.register("tick") { _ in calls += 1; return 0 }
        try lua.run("for i = 1, 10 do tick() end")
        XCTAssertEqual(calls, 10)
    }

    func testFunctionBoxIsReleasedWhenLuaCollectsIt() throws {
        final class Token {}
        weak var weakToken: Token?
        do {
            let token = Token()
            weakToken = token
            lua.setGlobal("f", LuaFunctionValue(name: "f") { _ in _ = token; return 0 })
        }
        XCTAssertNotNil(weakToken)
        try lua.run("f = nil; collectgarbage(); collectgarbage()")
        XCTAssertNil(weakToken)
    }
}
