import CLua
import LuaKit
import XCTest

/// Every LuaKit operation leaves `lua_gettop` as it found it, on success and on failure.
final class StackBalanceTests: XCTestCase {
    func assertBalanced(_ lua: LuaState, _ what: String, _ body: () throws -> Void,
                        file: StaticString = #filePath, line: UInt = #line) {
        let top = lua.top
        _ = try? body()
        XCTAssertEqual(lua.top, top, "\(what) left the stack unbalanced", file: file, line: line)
    }

    func testEveryOperationLeavesTheStackBalanced() throws {
        let lua = try LuaState()
        lua.push("sentinel")  // a non-empty stack catches off-by-one pops too
        let t = try lua.run("return {1, 2, k = 'v'}")[0].tableValue!
        let f = try lua.load("return ...")
        let bad = try lua.load("error('x')")
        assertBalanced(lua, "run") { _ = try lua.run("return 1, 2, 3") }
        assertBalanced(lua, "run error") { _ = try lua.run("error('boom')") }
        assertBalanced(lua, "syntax error") { _ = try lua.load("x = = 1") }
        assertBalanced(lua, "call") { _ = try f.call(1, "a", true) }
        assertBalanced(lua, "call error") { _ = try bad.call() }
        assertBalanced(lua, "call returning") { _ = try f.call(returning: Int.self, 5) }
        assertBalanced(lua, "table subscript") { _ = t["k"] }
        assertBalanced(lua, "table get") { _ = try t.get("k") }
        assertBalanced(lua, "table set") { try t.set("z", 1) }
        assertBalanced(lua, "table rawset") { t.rawset("w", 2) }
        assertBalanced(lua, "table rawset nil key") { t.rawset(LuaValue.nil, 2) }
        assertBalanced(lua, "table count") { _ = t.count }
        assertBalanced(lua, "table pairs") { _ = t.pairs }
        assertBalanced(lua, "globals") { _ = lua.globals }
        assertBalanced(lua, "global") { _ = lua.global("print") }
        assertBalanced(lua, "setGlobal") { lua.setGlobal("g", 1) }
        assertBalanced(lua, "tostring") { _ = try lua.tostring(LuaValue.integer(3)) }
        assertBalanced(lua, "tostring error") {
            let v = try lua.run("return setmetatable({}, {__tostring = function() error('no') end})")[0]
            _ = try lua.tostring(v)
        }
        assertBalanced(lua, "string at number") {
            lua.push(12)
            _ = lua.string(at: -1)
            lua.pop()
        }
        assertBalanced(lua, "register and call") {
            lua.register("twice") { call in call.push(try call.argument(1, as: Int.self) * 2); return 1 }
            _ = try lua.run("return twice(21)")
            _ = try lua.run("return twice('x')")
        }
        assertBalanced(lua, "dictionary read") {
            lua.push(t)
            _ = [String: Int].read(from: lua.unsafeRawState, at: -1)
            lua.pop()
        }
        XCTAssertEqual(lua.string(at: 1), "sentinel")
    }

    func testReadingANumberAsStringDoesNotConvertTheSlot() throws {
        let lua = try LuaState()
        lua.push(12)
        XCTAssertEqual(lua.string(at: -1), "12")
        XCTAssertEqual(lua_type(lua.unsafeRawState, -1), LUA_TNUMBER)
        lua.pop()
    }
}
