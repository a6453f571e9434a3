import Foundation
import PMOScripting
import XCTest

/// What only the worker process can stop (issue 9, cases 2, 3, 4 and 10), and the round trip.
final class SandboxWorkerTests: XCTestCase {
    var worker: SandboxWorker!

    override func setUp() {
        worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
    }

    func testResultsAndLogComeBack() throws {
        let out = try worker.run(SandboxRequest(.chunk(source: "print('hi', ...) local a, b = ... return a, b, {a = {1, 2.5}}, nil", name: "=rt"),
                                                arguments: ["x", 3]))
        XCTAssertEqual(out.results, ["x", 3, ["a": [1, 2.5]], nil])
        XCTAssertEqual(out.log, ["hi\tx\t3"])
        XCTAssertFalse(out.logTruncated)
    }

    func testNonFiniteNumbersSurviveThePipe() throws {
        let out = try worker.run(SandboxRequest(.chunk(source: "return 1/0, -1/0, 0/0, 0.1, math.maxinteger", name: "=n")))
        XCTAssertEqual(out.results, [.number(.infinity), .number(-.infinity), .number(.nan), 0.1, .integer(Int.max)])
    }

    func testLoopingXpcallHandlerIsKilledByTheParent() {
        // Lua runs message handlers with hooks off, so only the parent can stop this.
        let e = workerError("xpcall(function() while true do end end, function() while true do end end)", worker: worker)
        XCTAssertEqual(e?.kind, .killed)
    }

    func testBacktrackingPatternIsKilledByTheParent() {
        let e = workerError(#"return string.find(("a"):rep(30), ("a*"):rep(20) .. "b")"#, worker: worker)
        XCTAssertEqual(e?.kind, .killed)
    }

    func testFinalizerLoopIsRefusedBeforeItCanRun() {
        let e = workerError("setmetatable({}, {__gc = function() while true do end end}) collectgarbage()", worker: worker)
        XCTAssertEqual(e?.kind, .runtime)
        XCTAssertEqual(e?.message, "bad argument #2 to 'setmetatable' (__gc metamethods are not allowed in the sandbox)")
    }

    func testCoroutineCloseChainCrashInLuaIsContained() {
        // Debian's Lua 5.4.4 overflows the C stack closing this chain; the worker dies, not us.
        let code = """
            local prev
            for i = 1, 100000 do
              local nxt = prev
              local co = coroutine.create(function()
                local x <close> = setmetatable({}, {__close = function() if nxt then coroutine.close(nxt) end end})
                coroutine.yield()
              end)
              coroutine.resume(co)
              prev = co
            end
            return coroutine.close(prev)
            """
        var limits = SandboxHarness.tight
        limits.memoryBytes = 1 << 30
        limits.seconds = 5
        limits.instructions = Int.max / 2
        let e = workerError(code, limits: limits, worker: worker)
        XCTAssertTrue(e?.kind == .crashed || e?.kind == .runtime, "a crash or, on a fixed Lua, an error: \(String(describing: e))")
        // Issue 21: a crash names its signal and causes, not "probably hit a bug in the Lua library".
        if e?.kind == .crashed {
            XCTAssertTrue(e?.message.contains("SIGSEGV") == true || e?.message.contains("SIGBUS") == true, e?.message ?? "")
            XCTAssertFalse(e?.message.contains("probably hit a bug") == true, e?.message ?? "")
        }
    }

    func testTimeoutInsideTheWorkerIsReportedAsATimeout() {
        XCTAssertEqual(workerError("while true do end", worker: worker)?.kind, .timeout)
    }

    func testOversizedSourceIsRefusedWithoutStartingARun() {
        var limits = SandboxHarness.tight
        limits.sourceBytes = 1000
        XCTAssertEqual(workerError(String(repeating: "x = 1\n", count: 1000), limits: limits, worker: worker)?.kind, .refused)
    }

    func testOversizedResultIsRefused() {
        var limits = SandboxHarness.tight
        limits.resultBytes = 10_000
        let e = workerError("return ('x'):rep(100000)", limits: limits, worker: worker)
        XCTAssertEqual(e?.kind, .result)
    }

    func testLogComesBackWithAnError() {
        let e = workerError("print('before') error('boom')", worker: worker)
        XCTAssertEqual(e?.log, ["before"])
        XCTAssertEqual(e?.message, "boom")
        XCTAssertEqual(e?.line, 1)
    }

    func testAWorkerThatAnsweredIsReused() throws {
        _ = try worker.run(SandboxRequest(.chunk(source: "return 1", name: "=a")))
        let pid = worker.workerPID
        _ = try worker.run(SandboxRequest(.chunk(source: "return 2", name: "=b")))
        XCTAssertEqual(worker.workerPID, pid)
    }

    func testAKilledWorkerIsReplaced() throws {
        _ = try worker.run(SandboxRequest(.chunk(source: "return 1", name: "=a")))
        let pid = try XCTUnwrap(worker.workerPID)
        _ = workerError("xpcall(error, function() while true do end end)", worker: worker)
        XCTAssertNotEqual(worker.workerPID, pid)
        XCTAssertEqual(kill(pid, 0), -1, "the killed worker is gone (reaped)")
    }

    func testMissingExecutableIsAWorkerError() {
        let broken = SandboxWorker(executable: "/nonexistent/pmo")
        XCTAssertThrowsError(try broken.run(SandboxRequest(.chunk(source: "return 1", name: "=x")))) { e in
            XCTAssertEqual((e as? SandboxError)?.kind, .worker)
        }
    }
}
