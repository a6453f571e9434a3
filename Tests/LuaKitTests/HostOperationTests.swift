import Foundation
import LuaKit
import XCTest

/// The operations LuaKit offers host code so that it never needs Lua's C API: chunks with
/// their own environment, argument types, the limits of a running call, and the hook for
/// coroutines.
final class HostOperationTests: XCTestCase {
    func testAChunkLoadedWithAnEnvironmentSetsItsGlobalsThere() throws {
        let lua = try LuaState()
        let env = lua.newTable()
        try lua.load(bytes: Array("x = 1".utf8), name: "=data", environment: env).call()
        XCTAssertEqual(env["x"], 1)
        XCTAssertEqual(lua.global("x"), .nil)
    }

    func testAChunkLoadedWithAnEnvironmentCannotReachTheRealGlobals() throws {
        let lua = try LuaState()
        let f = try lua.load(bytes: Array("return print".utf8), name: "=data", environment: lua.newTable())
        XCTAssertEqual(try f.call().first, .nil)
    }

    func testACallNamesTheTypeOfEachArgument() throws {
        let lua = try LuaState()
        lua.register("types") { call in
            call.push((1...4).map { call.type($0).name })
            return 1
        }
        XCTAssertEqual(try lua.run("return table.concat(types(1, {}, nil), ' ')").first?.stringValue,
                       "number table nil no value")
    }

    func testCheckingAnArgumentsTypeRaisesLauxlibsMessage() throws {
        let lua = try LuaState()
        lua.register("f") { call in try call.check(1, type: .table); return 0 }
        XCTAssertThrowsError(try lua.run("f(3)")) { e in
            XCTAssertEqual((e as? LuaError)?.message, "bad argument #1 to 'f' (table expected, got number)")
        }
    }

    func testTheLastStopRecordsAnInstructionBudgetThatRanOut() throws {
        let lua = try LuaState()
        lua.setLimits(instructions: 10_000)
        XCTAssertThrowsError(try lua.run("while true do end"))
        XCTAssertEqual(lua.lastStop, .instructions)
        try lua.run("return 1")
        XCTAssertNil(lua.lastStop)
    }

    func testTheLastStopRecordsATripThatACoroutineSwallowed() throws {
        let lua = try LuaState()
        lua.setLimits(instructions: 10_000)
        // The run may return before the hook runs again in the main thread; either way the
        // trip is on record.
        _ = try? lua.run("coroutine.resume(coroutine.create(function() while true do end end))")
        XCTAssertEqual(lua.lastStop, .instructions)
    }

    func testCheckingForAStopPastTheDeadlineTripsTheCall() throws {
        let lua = try LuaState()
        lua.setLimits(seconds: 0.05)
        var seen: LuaStop?
        lua.register("slow") { call in
            Thread.sleep(forTimeInterval: 0.1)
            seen = call.limits.checkStop()
            return 0
        }
        // The pcall cannot swallow the stop: the run fails as a timeout.
        XCTAssertThrowsError(try lua.run("pcall(slow); return 'went on'")) { e in
            XCTAssertEqual((e as? LuaError)?.kind, .timeout)
        }
        XCTAssertEqual(seen, .deadline)
    }

    func testCheckingForAStopWithinTheLimitsFindsNone() throws {
        let lua = try LuaState()
        lua.setLimits(seconds: 10)
        var seen: LuaStop? = .interrupt
        lua.register("quick") { call in seen = call.limits.checkStop(); return 0 }
        try lua.run("quick()")
        XCTAssertNil(seen)
    }

    func testACallSeesTheStatesMemoryLimitThroughAContextPointer() throws {
        let lua = try LuaState()
        lua.memoryLimit = 8 << 20
        var seen: (Int?, Int, Bool)?
        lua.register("probe") { call in
            let limits = LuaCallLimits(context: call.limits.context)
            seen = (limits.memoryLimit, limits.memoryUsed, limits.isOverMemoryLimit)
            return 0
        }
        try lua.run("probe()")
        XCTAssertEqual(seen?.0, 8 << 20)
        XCTAssertGreaterThan(seen?.1 ?? 0, 0)
        XCTAssertEqual(seen?.2, false)
    }

    func testAnInterruptHandleMadeFromItsContextStopsTheCode() throws {
        let lua = try LuaState()
        let context = lua.interruptHandle.context
        lua.register("ctrlc") { _ in LuaInterruptHandle(context: context).interrupt(); return 0 }
        XCTAssertThrowsError(try lua.run("ctrlc(); while true do end")) { e in
            XCTAssertEqual((e as? LuaError)?.kind, .interrupted)
        }
    }

    func testTheHookThreadFunctionArmsACoroutineMadeBeforeTheLimits() throws {
        let lua = try LuaState()
        try lua.run("co = coroutine.create(function() end)")
        lua.setGlobal("hookthread", lua.hookThreadFunction)
        lua.setLimits(instructions: 1_000_000)
        let r = try lua.run("local before = debug.gethook(co); return before == nil, hookthread(co) == co, debug.gethook(co) ~= nil")
        XCTAssertEqual(r, [true, true, true])
    }

    func testTheVersionIsLua54() {
        XCTAssertTrue(LuaState.version.hasPrefix("Lua 5.4."), LuaState.version)
    }
}
