import LuaKit
@testable import PMOScripting
import XCTest

/// Limits that end runaway code in process (issue 9, cases 1, 5 and 6).
final class SandboxLimitTests: XCTestCase {
    func testEndlessLoopTimesOut() {
        XCTAssertEqual(sandboxError("while true do end")?.kind, .timeout)
    }

    func testEndlessLoopInsidePcallTimesOut() {
        XCTAssertEqual(sandboxError("pcall(function() while true do end end) return 'swallowed'")?.kind, .timeout)
    }

    func testLoopOfPcallsTimesOut() {
        XCTAssertEqual(sandboxError("while true do pcall(function() while true do end end) end")?.kind, .timeout)
    }

    func testXpcallHandlerCannotSwallowTheTimeout() {
        let e = sandboxError("while true do xpcall(function() while true do end end, function() return 'no' end) end")
        XCTAssertEqual(e?.kind, .timeout)
    }

    func testDeadlineStopsALoopWhenTheBudgetIsLarge() {
        var limits = SandboxHarness.tight
        limits.instructions = Int.max / 2
        limits.seconds = 0.1
        let start = Date()
        XCTAssertEqual(sandboxError("while true do end", limits: limits)?.message, "time limit exceeded")
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    func testLoopInCoroutineCreatedAfterTheLimitsTimesOut() {
        XCTAssertEqual(sandboxError("coroutine.resume(coroutine.create(function() while true do end end)) return 'swallowed'")?.kind, .timeout)
        XCTAssertEqual(sandboxError("coroutine.wrap(function() while true do end end)()")?.kind, .timeout)
    }

    func testLoopInCoroutineCreatedBeforeTheLimitsTimesOut() throws {
        let sandbox = try Sandbox(limits: SandboxHarness.tight)
        // Make the coroutine with no limit in force, so it carries no hook.
        sandbox.lua.setLimits()
        let co = try sandbox.lua.run("return coroutine.create(function() while true do end end)")[0]
        sandbox.lua.setLimits(instructions: sandbox.limits.instructions, seconds: sandbox.limits.seconds)
        let env = try sandbox.environment(for: nil)
        let f = try sandbox.compile.call(env, "local co = ... coroutine.resume(co) return 'swallowed'", "=before")[0]
        XCTAssertThrowsError(try sandbox.limitedResults(seconds: 0.5) { try f.functionValue!.call(co) }) { e in
            XCTAssertEqual((e as? SandboxError)?.kind, .timeout)
        }
    }

    func testStringRepOfTwoToTheFortyIsRefusedByLua() {
        // Lua caps strings at INT_MAX bytes and says so before allocating.
        XCTAssertEqual(sandboxError("return string.rep('x', 2^40)")?.message, "resulting string too large")
    }

    func testStringRepUnderLuasCapHitsTheMemoryCap() {
        XCTAssertEqual(sandboxError("return string.rep('x', 2^30)")?.kind, .memory)
    }

    func testUnboundedTableHitsTheMemoryCap() {
        var limits = SandboxHarness.tight
        limits.instructions = Int.max / 2
        limits.seconds = 5
        XCTAssertEqual(sandboxError("local t = {} local i = 0 while true do i = i + 1 t[i] = i end", limits: limits)?.kind, .memory)
    }

    func testQuadraticConcatenationIsStopped() {
        let e = sandboxError("local s = '' for i = 1, 1e9 do s = s .. 'xxxxxxxxxxxxxxxxxxxx' end")
        XCTAssertTrue(e?.kind == .memory || e?.kind == .timeout, "\(String(describing: e))")
    }

    func testDeepRecursionEndsInAStackOverflow() {
        let e = sandboxError("local function f(n) return 1 + f(n + 1) end return f(1)",
                             limits: SandboxLimits(memoryBytes: 256 << 20, seconds: 5))
        XCTAssertEqual(e?.kind, .runtime)
        XCTAssertTrue(e?.message.contains("stack overflow") ?? false, "\(String(describing: e))")
    }

    func testRecursionThroughCFunctionsEndsInACStackOverflow() {
        let e = sandboxError("local function f(s) return (s:gsub('.', f)) end return f('x')")
        XCTAssertEqual(e?.kind, .runtime)
        XCTAssertTrue(e?.message.contains("stack overflow") ?? false, "\(String(describing: e))")
    }

    func testIndexMetamethodRecursionEnds() {
        let e = sandboxError("local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x")
        XCTAssertNotNil(e)
        XCTAssertTrue(e?.message.contains("stack overflow") ?? false, "\(String(describing: e))")
    }

    func testDeeplyNestedParenthesesAreASyntaxError() {
        let e = sandboxError("return " + String(repeating: "(", count: 100_000))
        XCTAssertEqual(e?.kind, .syntax)
    }

    func testSourceOverTheLimitIsRefusedBeforeParsing() {
        let source = String(repeating: "x = 1\n", count: 100 << 20 / 6)   // about 100 MB
        let e = sandboxError(source)
        XCTAssertEqual(e?.kind, .refused)
    }

    func testParsingHugeSourceHitsTheMemoryCap() {
        var limits = SandboxHarness.tight
        limits.sourceBytes = 200 << 20
        limits.seconds = 30
        let source = String(repeating: "x = 1\n", count: 100 << 20 / 6)
        XCTAssertEqual(sandboxError(source, limits: limits)?.kind, .memory)
    }

    func testStateIsUsableAfterAMemoryError() throws {
        let sandbox = try Sandbox(limits: SandboxHarness.tight)
        XCTAssertThrowsError(try sandbox.run(source: "return ('x'):rep(1 << 30)", name: "=big"))
        XCTAssertEqual(try sandbox.run(source: "return 1 + 1", name: "=after"), [2])
    }
}
