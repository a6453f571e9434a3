import CLua
import LuaKit
import PMOScripting
import XCTest

/// Values nested as deep as the sandbox lets through, both ways. Each level of a table takes
/// Lua stack slots while it is read or built, and Lua promises only 20 without asking. Before
/// the pushers asked for their slots, the argument run aborted the process ("table overflow")
/// and the round trip hung on a corrupted heap; the result run did not fail without the
/// reader's check here (the host's stack had grown earlier), but it reads 200 levels, 400
/// slots, and is the reader's case all the same.
final class SandboxNestingTests: XCTestCase {
    /// `{x = {x = ... {} }}`, `depth` tables deep.
    func nested(_ depth: Int) -> LuaData {
        var v = LuaData.object([:])
        for _ in 1..<depth { v = .object(["x": v]) }
        return v
    }

    func depth(of value: LuaData) -> Int {
        var n = 0
        var v = value
        while case .object(let o) = v { n += 1; v = o["x"] ?? .null }
        return n
    }

    func testResultsNestedAlmostToTheLimitLeaveTheSandboxWhole() throws {
        let sandbox = try Sandbox(limits: SandboxHarness.tight)
        for _ in 0..<100 {
            let r = try sandbox.run(source: "local t = {} for i = 1, 199 do t = {x = t} end return t", name: "=deep")
            XCTAssertEqual(depth(of: r[0]), 199)   // and the innermost, empty, reads as an empty array
        }
    }

    func testArgumentsNestedAlmostToTheLimitArriveWhole() throws {
        let sandbox = try Sandbox(limits: SandboxHarness.tight)
        for _ in 0..<100 {
            let r = try sandbox.run(source: "local t, n = ..., 0 while t do n = n + 1 t = t.x end return n",
                                    name: "=deep", arguments: [nested(199)])
            XCTAssertEqual(r, [.integer(199)])
        }
    }

    func testAValueNestedAlmostToTheLimitRoundTripsThroughAState() throws {
        let lua = try LuaState()
        for _ in 0..<100 {
            let top = lua.top
            nested(199).push(to: lua.unsafeRawState)
            var n = 0
            lua_pushvalue(lua.unsafeRawState, -1)
            while lua_type(lua.unsafeRawState, -1) == LUA_TTABLE {
                n += 1
                "x".push(to: lua.unsafeRawState)
                lua_rawget(lua.unsafeRawState, -2)
                lua_copy(lua.unsafeRawState, -1, -2)
                lua_settop(lua.unsafeRawState, -2)
            }
            lua_settop(lua.unsafeRawState, top)
            XCTAssertEqual(n, 199)
        }
    }
}
