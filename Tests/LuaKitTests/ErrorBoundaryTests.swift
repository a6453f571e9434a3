import LuaKit
import XCTest

/// DESIGN.md decision 1, proven: Lua errors raised while a Swift function is on the stack never
/// unwind Swift frames, so every `defer` runs and no object leaks.
final class ErrorBoundaryTests: XCTestCase {
    final class Counted {
        nonisolated(unsafe) static var live = 0
        init() { Counted.live += 1 }
        deinit { Counted.live -= 1 }
    }

    func testTenThousandRaisedErrorsRunEveryDeferAndLeakNothing() throws {
        let lua = try LuaState()
        let before = Counted.live
        var defers = 0
        lua.register("fail") { _ in
            let held = Counted()
            defer { defers += 1; _ = held }
            throw LuaRaise.message("failure")
        }
        let caught = try lua.run("local n = 0 for i = 1, 10000 do if not pcall(fail) then n = n + 1 end end return n")
        XCTAssertEqual(caught, [10000])
        XCTAssertEqual(defers, 10000)
        XCTAssertEqual(Counted.live, before)
    }

    func testMemoryErrorsUnderASwiftFrameRunEveryDefer() throws {
        let lua = try LuaState()
        let before = Counted.live
        var defers = 0
        // Swift calls back into Lua, which runs out of memory; the error reaches Swift as a
        // thrown LuaError, and Swift passes it on.
        let grow = try lua.load("local t = {} for i = 1, 1e8 do t[i] = {} end")
        lua.register("grow") { _ in
            let held = Counted()
            defer { defers += 1; _ = held }
            try grow.call()
            return 0
        }
        lua.memoryLimit = lua.memoryUsed + 4_000_000
        let r = try lua.run("local n = 0 for i = 1, 200 do local ok, e = pcall(grow) if not ok and e:find('memory') then n = n + 1 end end return n")
        XCTAssertEqual(r, [200])
        XCTAssertEqual(defers, 200)
        XCTAssertEqual(Counted.live, before)
    }

    func testBudgetErrorsUnderASwiftFrameRunEveryDefer() throws {
        let lua = try LuaState()
        let before = Counted.live
        var defers = 0
        let spin = try lua.load("while true do end")
        lua.register("spin") { _ in
            let held = Counted()
            defer { defers += 1; _ = held }
            try spin.call()
            return 0
        }
        lua.setLimits(instructions: 2_000_000)
        // pcall catches the first raise, but the tripped budget keeps raising.
        XCTAssertThrowsError(try lua.run("for i = 1, 100 do pcall(spin) end")) { e in
            XCTAssertEqual((e as? LuaError)?.kind, .timeout)
        }
        XCTAssertGreaterThanOrEqual(defers, 1)
        XCTAssertEqual(Counted.live, before)
        // And the next call gets a fresh budget: the host is alive.
        lua.setLimits()
        XCTAssertEqual(try lua.run("return 2"), [2])
    }
}
