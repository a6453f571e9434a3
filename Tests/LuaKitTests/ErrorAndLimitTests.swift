import CLua
import Foundation
import LuaKit
import XCTest

/// How failures surface in Swift, and the memory, instruction and time limits.
final class ErrorAndLimitTests: XCTestCase {
    func error(_ lua: LuaState, _ code: String, name: String = "=t") -> LuaError? {
        do {
            _ = try lua.run(code, name: name)
            return nil
        } catch {
            return error as? LuaError
        }
    }

    func testSyntaxErrorNamesChunkAndLine() throws {
        let lua = try LuaState()
        let e = error(lua, "local x = 1\nx = = 2", name: "@report.lua")
        XCTAssertEqual(e?.kind, .syntax)
        XCTAssertEqual(e?.chunk, "report.lua")
        XCTAssertEqual(e?.line, 2)
        XCTAssertEqual(e?.message, "unexpected symbol near '='")
    }

    func testRuntimeErrorCarriesLineAndTraceback() throws {
        let lua = try LuaState()
        let e = error(lua, "local function f()\n  error('boom')\nend\nf()", name: "@kpi.lua")
        XCTAssertEqual(e?.kind, .runtime)
        XCTAssertEqual(e?.line, 2)
        XCTAssertEqual(e?.message, "boom")
        XCTAssertTrue(e?.traceback?.contains("kpi.lua:4: in main chunk") ?? false, e?.traceback ?? "")
    }

    func testNonStringErrorValueIsDescribed() throws {
        let lua = try LuaState()
        XCTAssertEqual(error(lua, "error({})")?.message, "(error object is a table value)")
        XCTAssertEqual(error(lua, "error()")?.message, "(error object is a nil value)")
    }

    func testFailingTostringOnErrorValueDoesNotHideTheError() throws {
        let lua = try LuaState()
        let e = error(lua, "error(setmetatable({}, {__tostring = function() error('worse') end}))")
        XCTAssertEqual(e?.kind, .runtime)
        XCTAssertEqual(e?.message, "(error object is a table value)")
    }

    func testBinaryChunksAreRefusedByDefault() throws {
        let lua = try LuaState()
        let dumped = try lua.run("return string.dump(function() return 1 end)")[0]
        guard case .string(let bytes) = dumped else { return XCTFail() }
        XCTAssertThrowsError(try lua.load(bytes: bytes.bytes, name: "=bin")) { e in
            XCTAssertTrue((e as? LuaError)?.message.contains("binary") ?? false)
        }
        XCTAssertNoThrow(try lua.load(bytes: bytes.bytes, name: "=bin", mode: .binary))
    }

    func testChosenLibrarySubsetOnly() throws {
        let lua = try LuaState(libraries: .safe)
        XCTAssertEqual(try lua.run("return io, os, debug, package, string.format('%d', 3)"),
                       [.nil, .nil, .nil, .nil, "3"])
    }

    // MARK: memory

    func testMemoryCapRaisesAMemoryErrorAndTheStateStaysUsable() throws {
        let lua = try LuaState()
        lua.memoryLimit = lua.memoryUsed + 2_000_000
        let e = error(lua, "local t = {} for i = 1, 1e8 do t[i] = i end")
        XCTAssertEqual(e?.kind, .memory)
        XCTAssertEqual(try lua.run("collectgarbage() return 1 + 1"), [2])
    }

    func testMemoryErrorInsidePcallIsCatchable() throws {
        let lua = try LuaState()
        lua.memoryLimit = lua.memoryUsed + 1_000_000
        let r = try lua.run("local ok, e = pcall(string.rep, 'x', 1e7) return ok, e")
        XCTAssertEqual(r, [false, "not enough memory"])
    }

    func testPushFromSwiftNeverFailsOnTheCap() throws {
        let lua = try LuaState()
        lua.memoryLimit = lua.memoryUsed + 10_000
        let big = [Int](repeating: 7, count: 100_000)   // far beyond the cap
        lua.push(big)
        XCTAssertEqual([Int].read(from: lua.unsafeRawState, at: -1)?.count, 100_000)
        lua.pop()
    }

    // MARK: budgets

    func testInstructionBudgetStopsAnEndlessLoop() throws {
        let lua = try LuaState()
        lua.setLimits(instructions: 1_000_000)
        XCTAssertEqual(error(lua, "while true do end")?.kind, .timeout)
    }

    func testBudgetCannotBeSwallowedByPcall() throws {
        let lua = try LuaState()
        lua.setLimits(instructions: 1_000_000)
        let e = error(lua, "while true do pcall(function() while true do end end) end")
        XCTAssertEqual(e?.kind, .timeout)
        XCTAssertEqual(e?.message, "instruction budget exceeded")
    }

    func testBudgetCannotBeSwallowedByXpcallHandler() throws {
        // (A handler that itself loops cannot be stopped by a hook at all: Lua runs message
        // handlers with hooks off. That case needs the sandbox's worker process.)
        let lua = try LuaState()
        lua.setLimits(instructions: 1_000_000)
        let e = error(lua, "while true do xpcall(function() while true do end end, function() return 'swallowed' end) end")
        XCTAssertEqual(e?.kind, .timeout)
    }

    func testBudgetStopsALoopInsideACoroutine() throws {
        let lua = try LuaState()
        lua.setLimits(instructions: 1_000_000)
        let e = error(lua, "local co = coroutine.wrap(function() while true do end end) co()")
        XCTAssertEqual(e?.kind, .timeout)
    }

    func testDeadlineStopsAnEndlessLoop() throws {
        let lua = try LuaState()
        lua.setLimits(seconds: 0.05)
        let start = Date()
        XCTAssertEqual(error(lua, "while true do end")?.kind, .timeout)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testBudgetIsRenewedForTheNextCall() throws {
        let lua = try LuaState()
        lua.setLimits(instructions: 1_000_000)
        XCTAssertEqual(error(lua, "while true do end")?.kind, .timeout)
        XCTAssertEqual(try lua.run("local n = 0 for i = 1, 1000 do n = n + i end return n"), [500500])
    }

    func testNoLimitsMeansNoHook() throws {
        let lua = try LuaState()
        XCTAssertEqual(try lua.run("return debug.gethook() == nil"), [true])
        lua.setLimits(instructions: 1000)
        XCTAssertEqual(try lua.run("return debug.gethook() ~= nil"), [true])
    }

    func testInterruptFromAnotherThreadStopsTheLoop() throws {
        let lua = try LuaState()
        let handle = lua.interruptHandle
        let t = Thread { Thread.sleep(forTimeInterval: 0.05); handle.interrupt() }
        t.start()
        XCTAssertEqual(error(lua, "while true do end")?.kind, .interrupted)
        XCTAssertEqual(try lua.run("return 1"), [1], "the state is usable after an interrupt")
    }
}
