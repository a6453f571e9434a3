import LuaKit
import PMOModel
@testable import REPL
@testable import Workbench
import XCTest

/// Feeds the REPL scripted lines, as a pipe would.
final class ScriptedLines: REPLLineSource {
    private var lines: [String]
    init(_ lines: [String]) { self.lines = lines }
    var isInteractive: Bool { false }
    func read(prompt: String) -> REPLLine { lines.isEmpty ? .end : .line(lines.removeFirst()) }
    func remember(_ line: String) {}
}

/// A host like the one the `pmo` module will bring: a domain metatable, topics, listings.
final class PortfolioTestHost: REPLHost {
    var asOf: Day?
    var banner: String? { "test portfolio" }

    func prepare(lua: LuaState, printer: REPLPrinter) throws {
        try lua.run("""
            project_mt = { __index = { spi = function(p) return p.ev / p.pv end } }
            function project(id, ev, pv) return setmetatable({ id = id, ev = ev, pv = pv }, project_mt) end
            """)
        let mt = lua.global("project_mt").tableValue!
        let summary = try lua.load("local p = ... return 'Project ' .. p.id")
        try printer.registerSummary(metatable: mt, summary: summary, columns: ["id", "ev", "pv"])
    }

    func helpTopics(lua: LuaState) -> [REPLHelpTopic] {
        [REPLHelpTopic(name: "pmo.project", summary: "one project by id", body: "pmo.project(id) returns the project.")]
    }

    func listing(_ kind: REPLListingKind, lua: LuaState) throws -> [REPLListingItem] {
        kind == .kpis ? [REPLListingItem(id: "acme.schedule.spi", title: "Schedule performance index", detail: "ratio")] : []
    }

    func completions(for word: String, lua: LuaState) -> [String] { ["acme.schedule.spi", "acme.cost.cpi"] }

    func setAsOf(_ date: String?, lua: LuaState) throws -> String? {
        asOf = date.flatMap { Day($0) }
        return date.map { "pmo.asof(\"\($0)\")" } ?? "pmo.asof(nil)"
    }
}

/// What a host plugs into the REPL, seen through the REPL's output.
final class REPLHostTests: XCTestCase {
    private let host = PortfolioTestHost()

    private func run(_ lines: [String]) throws -> (out: String, err: String) {
        var out = "", err = ""
        let session = try REPLSession(host: host)
        let repl = REPL(session: session, source: ScriptedLines(lines), style: REPLStyle(enabled: false),
                        write: { out += $0 }, writeError: { err += $0 })
        _ = repl.run()
        return (out, err)
    }

    func testADomainObjectPrintsAsItsSummary() throws {
        XCTAssertEqual(try run(["project('P1', 9, 10)"]).out, "Project P1\n")
    }

    func testAListOfDomainObjectsPrintsTheHostsColumns() throws {
        let out = try run(["{ project('P1', 9, 10), project('P2', 12, 10) }"]).out
        XCTAssertEqual(out, """
            2 records
              #  id  ev  pv
              1  P1   9  10
              2  P2  12  10

            """)
    }

    func testHelpListsAndShowsTheHostsTopics() throws {
        let out = try run([":help", ":help pmo.project"]).out
        XCTAssertTrue(out.contains("pmo.project  one project by id"), out)
        XCTAssertTrue(out.contains("pmo.project(id) returns the project."), out)
    }

    func testKpisListsTheHostsKpis() throws {
        XCTAssertTrue(try run([":kpis"]).out.contains("acme.schedule.spi  Schedule performance index"))
    }

    func testAsOfReachesTheHostAndIsSavedForReplay() throws {
        let file = NSTemporaryDirectory() + "pmo-asof-\(UUID().uuidString).lua"
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try run([":asof 2026-03-31", ":save \(file)"])
        XCTAssertEqual(host.asOf, Day("2026-03-31"))
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).contains("pmo.asof(\"2026-03-31\")"))
    }

    func testAsOfNoneClearsTheDateInTheHostAndInTheSavedScript() throws {
        let file = NSTemporaryDirectory() + "pmo-asof-\(UUID().uuidString).lua"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let out = try run([":asof 2026-03-31", ":asof none", ":asof", ":save \(file)"]).out
        XCTAssertNil(host.asOf)
        XCTAssertTrue(out.contains("no as-of date: everything recorded"), out)
        XCTAssertTrue(out.contains("no as-of date set"), out)
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).contains("pmo.asof(nil)"))
    }

    func testABadAsOfDateIsRefusedBeforeTheHostSeesIt() throws {
        let err = try run([":asof 2026-02-30"]).err
        XCTAssertTrue(err.contains("bad date"), err)
        XCTAssertNil(host.asOf)
    }

    func testABadAsOfDateSaysWhatItExpected() throws {
        let err = try run([":asof 2026-13-01"]).err
        XCTAssertEqual(err, "bad date '2026-13-01': expected YYYY-MM-DD, a day that exists, or none to clear it\n")
    }

    func testAnAsOfDateOutsideYears1To9999IsRefusedBeforeTheHostSeesIt() throws {
        // Year 0 and a signed year fit the shape YYYY-MM-DD but are not days `Day` (and so
        // `pmo.asof`) can hold.
        for text in ["0000-06-30", "+202-06-30"] {
            let err = try run([":asof \(text)"]).err
            XCTAssertTrue(err.contains("bad date '\(text)'"), err)
            XCTAssertNil(host.asOf, text)
        }
    }

    func testAsOfShowsTheDateItSetInIsoForm() throws {
        let out = try run([":asof 2024-02-29", ":asof"]).out
        XCTAssertEqual(out, "as of 2024-02-29\nas of 2024-02-29\n")
        XCTAssertEqual(host.asOf, Day(year: 2024, month: 2, day: 29))
    }

    func testCompletionOffersTheHostsCandidatesThatMatch() throws {
        let completer = REPLCompleter(session: try REPLSession(host: host))
        let line = "pmo.kpi(\"acme.sch"
        XCTAssertEqual(completer.candidates(line: line, start: 9, end: line.utf8.count), ["acme.schedule.spi"])
    }
}

/// Tab completion of Lua names, fields and methods, commands and files.
final class REPLCompleterTests: XCTestCase {
    private func complete(_ line: String, setup: String = "") throws -> [String] {
        let session = try REPLSession(host: PlainREPLHost())
        if !setup.isEmpty {
            _ = session.run(REPLChunk.compile(setup, chunkName: "=setup", in: session), text: setup)
        }
        let bytes = Array(line.utf8)
        var start = bytes.count
        while start > 0, !REPLCompleter.wordBreaks.utf8.contains(bytes[start - 1]) { start -= 1 }
        return REPLCompleter(session: session).candidates(line: line, start: start, end: bytes.count)
    }

    func testHidesMetamethodNamesUntilAnUnderscoreIsTyped() throws {
        let setup = "t = setmetatable({}, { __index = { __index = 1, __newindex = 2, visible = 3 } })"
        XCTAssertEqual(try complete("t.", setup: setup), ["t.visible"])
        XCTAssertEqual(try complete("t.__i", setup: setup), ["t.__index"])
    }

    func testCompletesGlobals() throws {
        XCTAssertEqual(try complete("x = pri"), ["print"])
    }

    func testCompletesFieldsOfALibrary() throws {
        XCTAssertEqual(try complete("string.up"), ["string.upper"])
    }

    func testCompletesSessionLocals() throws {
        XCTAssertEqual(try complete("budget_", setup: "local budget_total = 1"), ["budget_total"])
    }

    func testCompletesFieldsInheritedThroughIndexTables() throws {
        let setup = "local base = { spi = 1, cpi = 2 } obj = setmetatable({ name = 'x' }, { __index = base })"
        XCTAssertEqual(try complete("obj.", setup: setup), ["obj.cpi", "obj.name", "obj.spi"])
    }

    func testMethodCompletionOffersOnlyFunctions() throws {
        let setup = "obj = setmetatable({ name = 'x' }, { __index = { evm = function() end } })"
        XCTAssertEqual(try complete("obj:", setup: setup), ["obj:evm"])
    }

    func testCompletesStringMethodsOnAStringVariable() throws {
        XCTAssertTrue(try complete("s:up", setup: "s = 'abc'").contains("s:upper"))
    }

    func testCompletesCommandsAtTheStartOfALine() throws {
        XCTAssertEqual(try complete(":re"), [":reload"])
    }

    func testCompletesFileNamesAfterLoad() throws {
        let dir = NSTemporaryDirectory() + "pmo-complete-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/health.lua", contents: Data())
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try complete(":load " + dir + "/"), [dir + "/health.lua", dir + "/sub/"])
    }
}

/// Completion through calls: what is evaluated and what never is.
final class REPLCallCompletionTests: XCTestCase {
    /// A session with `find` (marked read-only for completion) and `other` (not), both
    /// counting their calls in `calls`.
    private func session() throws -> REPLSession {
        let session = try REPLSession(host: PlainREPLHost())
        let setup = """
            calls = 0
            function find(id, opts) calls = calls + 1 return { id = id, title = "t", opts = opts } end
            function other(id) calls = calls + 1 return { id = id, title = "t" } end
            require("repl.complete").allow({ [find] = true })
            """
        _ = session.run(REPLChunk.compile(setup, chunkName: "=setup", in: session), text: setup)
        return session
    }

    private func complete(_ line: String, in session: REPLSession) -> [String] {
        let bytes = Array(line.utf8)
        var start = bytes.count
        while start > 0, !REPLCompleter.wordBreaks.utf8.contains(bytes[start - 1]) { start -= 1 }
        return REPLCompleter(session: session).candidates(line: line, start: start, end: bytes.count)
    }

    private func calls(_ session: REPLSession) -> Int? {
        session.lua.global("calls").intValue
    }

    func testCompletesAFieldOfAReadOnlyCallsResult() throws {
        let s = try session()
        XCTAssertEqual(complete("x = find(\"a\").ti", in: s), [".title"])
        XCTAssertEqual(calls(s), 1)
    }

    func testPassesLiteralArgumentsAndTableConstructors() throws {
        let s = try session()
        XCTAssertEqual(complete("find('a', { deep = { 1, -2.5, true, [\"k\"] = nil } }).opts.de", in: s), [".opts.deep"])
    }

    func testPassesAVariableHoldingPlainData() throws {
        let s = try session()
        _ = s.run(REPLChunk.compile("local key = 'a'", chunkName: "=k", in: s), text: "local key = 'a'")
        XCTAssertEqual(complete("find(key).i", in: s), [".id"])
    }

    func testFollowsADottedPathAfterTheCall() throws {
        let s = try session()
        XCTAssertEqual(complete("find('a', { inner = { name = 1 } }).opts.inner.na", in: s), [".opts.inner.name"])
    }

    func testNeverCallsAFunctionNotMarkedReadOnly() throws {
        let s = try session()
        XCTAssertEqual(complete("other('a').ti", in: s), [])
        XCTAssertEqual(calls(s), 0)
    }

    func testNeverPassesAFunctionOrATableWithAMetatable() throws {
        let s = try session()
        XCTAssertEqual(complete("find(print).ti", in: s), [])
        XCTAssertEqual(complete("find(setmetatable).ti", in: s), [])
        _ = s.run(REPLChunk.compile("m = setmetatable({}, {})", chunkName: "=m", in: s), text: "m = setmetatable({}, {})")
        XCTAssertEqual(complete("find(m).ti", in: s), [])
        XCTAssertEqual(calls(s), 0)
    }

    func testNeverEvaluatesAnOperatorOrANestedCallOfAnotherFunction() throws {
        let s = try session()
        XCTAssertEqual(complete("find('a' .. 'b').ti", in: s), [])
        XCTAssertEqual(complete("find(other('a')).ti", in: s), [])
        XCTAssertEqual(calls(s), 0)
    }

    func testAFailingCallOffersNothingAndRaisesNothing() throws {
        let s = try session()
        _ = s.run(REPLChunk.compile("function boom() error('no') end require('repl.complete').allow({ [boom] = true })",
                                    chunkName: "=b", in: s), text: "")
        XCTAssertEqual(complete("boom().x", in: s), [])
    }

    func testAnEndlessReadOnlyFunctionIsStoppedByTheBudget() throws {
        let s = try session()
        _ = s.run(REPLChunk.compile("function spin() while true do end end require('repl.complete').allow({ [spin] = true })",
                                    chunkName: "=s", in: s), text: "")
        XCTAssertEqual(complete("spin().x", in: s), [])
    }

    func testRunsNoReplacedLibraryFunctionOfTheSession() throws {
        let s = try session()
        let setup = """
            hits = 0
            local original = type
            type = function(...) hits = hits + 1 return original(...) end
            debug.sethook = function() hits = hits + 1 end
            """
        _ = s.run(REPLChunk.compile(setup, chunkName: "=r", in: s), text: setup)
        XCTAssertEqual(complete("find('a').ti", in: s), [".title"])
        XCTAssertEqual(s.lua.global("hits").intValue, 0)
    }

    func testFindsTheCallChainBeforeTheWord() {
        func chain(_ before: String) -> String? {
            REPLCompleter.callChain(before: before)?.map(\.text).joined(separator: " ")
        }
        XCTAssertEqual(chain("x = pmo.project(\"PRJ-003\")"), "pmo . project ( \"PRJ-003\" )")
        XCTAssertEqual(chain("p:tasks()[1]"), "p : tasks ( ) [ 1 ]")
        XCTAssertEqual(chain("print(pmo.projects{ phase = 'x' }"), "pmo . projects { phase = 'x' }")
        XCTAssertNil(chain("(a + b)"))
        XCTAssertNil(chain("pmo.project(\"x\") "))
        XCTAssertNil(chain("x = 'abc'"))
    }
}
