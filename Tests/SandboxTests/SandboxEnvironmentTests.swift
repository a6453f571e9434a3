import PMOScripting
import XCTest

/// What sandboxed code can and cannot reach (issue 9, cases 7 and 8).
final class SandboxEnvironmentTests: XCTestCase {
    func testSafeLibrariesAreAvailable() {
        let r = sandboxed("""
            return string.format('%d', 3), table.concat({1, 2}, ','), math.max(1, 5),
                   utf8.char(72), coroutine.wrap(function() return 7 end)(), type(os.clock()),
                   type(os.time()), os.date('!%Y', 0), os.difftime(2, 1), ('x'):upper()
            """)
        XCTAssertEqual(try r.get(), ["3", "1,2", 5, "H", 7, "number", "number", "1970", 1.0, "X"])
    }

    func testDangerousGlobalsAreAbsent() {
        let r = sandboxed("""
            return io, package, debug, dofile, loadfile, os.execute, os.exit, os.getenv,
                   os.remove, os.rename, os.tmpname, string.dump, warn
            """)
        XCTAssertEqual(try r.get(), Array(repeating: .null, count: 13))
    }

    func testTracebackNamesTheSandboxPreludeByItsFile() {
        let traceback = sandboxError("error('boom')")?.traceback ?? ""
        XCTAssertTrue(traceback.contains("Sources/PMOScripting/Lua/sandbox.lua:"), traceback)
    }

    func testOsExitCannotBeCalled() {
        XCTAssertEqual(sandboxError("os.exit(3)")?.message, "attempt to call a nil value (field 'exit')")
    }

    func testIoOpenCannotBeCalled() {
        XCTAssertEqual(sandboxError("io.open('/etc/passwd')")?.message, "attempt to index a nil value (global 'io')")
    }

    func testPackageLoadlibCannotBeCalled() {
        XCTAssertEqual(sandboxError("package.loadlib('libc.so.6', 'system')")?.message,
                       "attempt to index a nil value (global 'package')")
    }

    func testDebugSethookCannotBeCalled() {
        XCTAssertEqual(sandboxError("debug.sethook()")?.message, "attempt to index a nil value (global 'debug')")
    }

    func testDofileCannotBeCalled() {
        XCTAssertEqual(sandboxError("dofile('/etc/passwd')")?.message, "attempt to call a nil value (global 'dofile')")
    }

    func testStringDumpIsAbsentSoBinaryChunksCannotBeMade() {
        let e = sandboxError("return load(string.dump(function() end))")
        XCTAssertEqual(e?.message, "attempt to call a nil value (field 'dump')")
        XCTAssertNotNil(sandboxError("return ('').dump(print)"))
    }

    func testLoadRefusesBinaryChunks() {
        let r = sandboxed(#"return load("\27Lua\84\0\25\147\13\10\26\10")"#)
        guard case .success(let v) = r else { return XCTFail("\(r)") }
        XCTAssertEqual(v.first, .null)
        XCTAssertTrue(v.last.map { "\($0)".contains("binary chunk") } ?? false, "\(v)")
        XCTAssertEqual(sandboxError("load('return 1', 'x', 'b')")?.message,
                       "bad argument #3 to 'load' (only text chunks are allowed in the sandbox)")
    }

    func testLoadBindsTheCallersEnvironment() {
        let r = sandboxed("secret = 42 return load('return os')().execute, load('return secret')()")
        XCTAssertEqual(try r.get(), [.null, 42])
    }

    func testStringMetatableCannotBeChanged() {
        XCTAssertEqual(try sandboxed("return getmetatable('')").get(), [false])
        XCTAssertNotNil(sandboxError("getmetatable('').__index.upper = function() return 'evil' end"))
        XCTAssertNotNil(sandboxError("string.upper = function() return 'evil' end"))
        XCTAssertEqual(try sandboxed("pcall(function() string.upper = nil end) return ('a'):upper()").get(), ["A"])
    }

    func testRawsetOnSharedTablesIsRefused() {
        XCTAssertEqual(sandboxError("rawset(string, 'upper', print)")?.message,
                       "bad argument #1 to 'rawset' (table is read-only)")
        XCTAssertEqual(sandboxError("setmetatable(math, {})")?.message, "cannot change a protected metatable")
        // The table behind a view is unreachable: pairs yields the view's own iterator state.
        XCTAssertEqual(try sandboxed("local f, s = pairs(table) return s == table").get(), [true])
    }

    func testReplacingGlobalsAffectsOnlyThatEnvironment() throws {
        let sandbox = try Sandbox(limits: SandboxHarness.tight)
        _ = try sandbox.run(source: "_G.string = nil _G = nil print = nil", name: "=first")
        XCTAssertEqual(try sandbox.run(source: "return type(string), type(_G), ('x'):rep(2)", name: "=second"),
                       ["table", "table", "xx"])
    }

    func testEachLibraryGetsItsOwnEnvironment() throws {
        let sandbox = try Sandbox(limits: SandboxHarness.tight)
        let a = SandboxLibrary(root: "acme.a", directory: "/nonexistent/a")
        let b = SandboxLibrary(root: "acme.b", directory: "/nonexistent/b")
        _ = try sandbox.run(source: "shared = 'from a' table = nil", name: "=a", library: a)
        XCTAssertEqual(try sandbox.run(source: "return shared, type(table)", name: "=b", library: b), [nil, "table"])
    }

    func testSetmetatableRefusesFinalizers() {
        XCTAssertEqual(sandboxError("setmetatable({}, {__gc = function() while true do end end})")?.message,
                       "bad argument #2 to 'setmetatable' (__gc metamethods are not allowed in the sandbox)")
    }

    func testCollectgarbageAllowsOnlyCount() {
        XCTAssertEqual(try sandboxed("return type(collectgarbage('count'))").get(), ["number"])
        XCTAssertNotNil(sandboxError("collectgarbage()"))
        XCTAssertNotNil(sandboxError("collectgarbage('stop')"))
    }

    func testPrintGoesToABoundedLog() throws {
        let sandbox = try Sandbox(limits: SandboxLimits(printBytes: 20))
        _ = try sandbox.run(source: "print('a', 1, nil) for i = 1, 100 do print(('x'):rep(10)) end", name: "=p")
        XCTAssertEqual(sandbox.printed.first, "a\t1\tnil")
        XCTAssertLessThanOrEqual(sandbox.printed.map { $0.utf8.count + 1 }.reduce(0, +), 20)
        XCTAssertTrue(sandbox.printTruncated)
    }

    func testArgumentsArriveAsVarargs() throws {
        let sandbox = try Sandbox()
        let r = try sandbox.run(source: "local a, t = ... return a * 2, t.k[2]", name: "=args",
                                arguments: [21, ["k": [true, "v"]]])
        XCTAssertEqual(r, [42, "v"])
    }
}
