import LuaKit
@testable import REPL
@testable import Workbench
import XCTest

/// The `:commands`, run in-process on the plain host.
final class REPLCommandTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "pmo-commands-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func run(_ lines: [String], host: REPLHost = PlainREPLHost()) throws -> (out: String, err: String) {
        var out = "", err = ""
        let repl = REPL(session: try REPLSession(host: host), source: ScriptedLines(lines),
                        style: REPLStyle(enabled: false), write: { out += $0 }, writeError: { err += $0 })
        _ = repl.run()
        return (out, err)
    }

    func testSaveWritesAScriptThatRunsToTheSameResult() throws {
        let file = dir + "/session.lua"
        _ = try run(["local rate = 3", "function triple(x) return x * rate end", "error('not saved')",
                     "triple(14)", ":save \(file)"])
        let script = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertFalse(script.contains("not saved"), script)
        XCTAssertEqual(try runSaved(script), ["42\n"])
    }

    /// Runs a saved script as `pmo run` would (the printer preloaded); what it wrote, and `x`.
    private func runSaved(_ script: String, global: String? = nil) throws -> [LuaValue] {
        let lua = try LuaState()
        try REPLPrinter.preload(in: lua)
        try lua.run("captured = {} io.write = function(...) captured[#captured + 1] = table.concat({ ... }) end")
        try lua.load(script, name: "=saved").call()
        return try lua.run("return captured[1]" + (global.map { ", " + $0 } ?? ""))
    }

    /// A host that names itself: the REPL knows no program of its own.
    private final class NamedHost: REPLHost {
        var identity: REPLIdentity { REPLIdentity(program: "acme", runCommand: "acme play", modulePrefix: "acme") }
    }

    func testSaveAndHelpUseTheNamesTheHostGives() throws {
        let file = dir + "/session.lua"
        let out = try run(["1 + 1", ":save \(file)", ":help save"], host: NamedHost()).out
        let script = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(script.hasPrefix("-- acme REPL session"), script)
        XCTAssertTrue(script.contains("Run it again with: acme play <this file>"), script)
        XCTAssertTrue(script.contains("require(\"acme.pretty\").show"), script)
        XCTAssertTrue(out.contains("`acme play FILE`"), out)
        XCTAssertTrue(out.contains("require(\"acme.pretty\").show"), out)
        XCTAssertFalse(out.contains("pmo run") || out.contains("pmo.pretty"), out)
    }

    func testSaveKeepsAnInputThatReturnsFromEndingTheScript() throws {
        let file = dir + "/session.lua"
        _ = try run(["return 20 + 1", "x = 2", ":save \(file)"])
        XCTAssertEqual(try runSaved(try String(contentsOfFile: file, encoding: .utf8), global: "x"), ["21\n", .integer(2)])
    }

    func testLoadRunsAFileThatSeesSessionLocals() throws {
        let file = dir + "/double.lua"
        try "doubled = base * 2".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["local base = 21", ":load \(file)", "doubled"]).out, "42\n")
    }

    func testLoadOfAMissingFileSaysSo() throws {
        XCTAssertTrue(try run([":load \(dir)/missing.lua"]).err.contains("cannot open"))
    }

    func testReloadRequiresAgainAModuleChangedOnDisk() throws {
        let module = dir + "/answers.lua"
        try "return { value = 1 }".write(toFile: module, atomically: true, encoding: .utf8)
        let past = Date(timeIntervalSinceNow: -60)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: module)
        let lines = [
            "package.path = '\(dir)/?.lua;' .. package.path",
            "require('answers').value",
            "local f = io.open('\(module)', 'w') f:write('return { value = 2 }') f:close()",
            ":reload",
            "require('answers').value",
        ]
        let out = try run(lines).out
        XCTAssertEqual(out, "1\nreloaded answers\n2\n")
    }

    func testReloadNeverReplacesAStandardLibraryWithAStrayFile() throws {
        let stray = dir + "/string.lua"
        try "return {}".write(toFile: stray, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: stray)
        let lines = [
            "package.path = '\(dir)/?.lua;' .. package.path",
            "local f = io.open('\(stray)', 'w') f:write('return { upper = false }') f:close()",
            ":reload",
            "type(string.upper)",
        ]
        XCTAssertEqual(try run(lines).out, "no module changed on disk\n\"function\"\n")
    }

    func testTimePrintsTheValueAndTheDuration() throws {
        let out = try run([":time 6 * 7"]).out
        XCTAssertTrue(out.hasPrefix("42\ntime: "), out)
    }

    func testAConstSessionLocalRefusesAssignment() throws {
        let r = try run(["local limit <const> = 10", "limit = 11", "limit"])
        XCTAssertTrue(r.err.contains("attempt to assign to const variable 'limit'"), r.err)
        XCTAssertEqual(r.out, "10\n")
    }

    func testACloseLocalIsClosedWhenItsInputEnds() throws {
        let lines = ["local h <close> = setmetatable({}, { __close = function() closed = true end }) during = closed",
                     "during, closed"]
        XCTAssertEqual(try run(lines).out, "nil\ttrue\n")
    }

    func testASessionLocalShadowsAGlobalEvenWhenNil() throws {
        XCTAssertEqual(try run(["local print = nil", "print"]).out, "nil\n")
    }

    func testAClosureSeesWhatLaterLinesAssignToASessionLocal() throws {
        XCTAssertEqual(try run(["local rate = 1", "local function scaled(x) return x * rate end",
                                "rate = 3", "scaled(14)"]).out, "42\n")
    }

    func testRedeclaringASessionLocalCanReadItsPreviousValue() throws {
        XCTAssertEqual(try run(["local t = { 1 }", "local t = t or {}", "#t"]).out, "1\n")
    }

    func testSessionLocalsDoNotLeakIntoGlobals() throws {
        XCTAssertEqual(try run(["local secret = 1", "rawget(_G, 'secret')"]).out, "nil\n")
    }

    func testASyntaxErrorShowsTheLineItPointsAt() throws {
        let err = try run(["x = 1", "y = (x +", "", ")) + 2"]).err
        XCTAssertTrue(err.contains("REPL[2]:3: unexpected symbol near ')'"), err)
        XCTAssertTrue(err.contains("3 | )) + 2"), err)
    }

    func testUnknownCommandIsReported() throws {
        XCTAssertTrue(try run([":frobnicate"]).err.contains("unknown command :frobnicate"))
    }

    func testHelpOnATableListsItsFields() throws {
        let out = try run([":help math"]).out
        XCTAssertTrue(out.contains("math.floor  function"), out)
        XCTAssertTrue(out.contains("math.pi  number"), out)
    }
}
