import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// The docs test: every public function of the stdlib (`pmo`'s own, each kind's record
/// methods, every module's exported functions and classes) carries a doc comment where it is
/// defined, and `:help` (pmo.doc, which reads those comments) finds them as people type them.
final class HelpCoverageTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 5, seed: 1), today: Day("2026-11-27")).install(in: lua)
    }

    private func string(_ code: String) throws -> String {
        try lua.run(code, name: "=test").first?.stringValue ?? "?"
    }

    /// The public functions reachable from `expression` (a table) without a doc comment.
    private func undocumented(in owner: String) throws -> String {
        try string("""
            local missing = {}
            for _, e in ipairs(require('pmo.doc').catalogue()) do
              if not e.doc and (\(owner == "*" ? "true" : "e.group == '\(owner)'")) then missing[#missing + 1] = e.full .. ' (' .. e.why .. ')' end
            end
            return table.concat(missing, '\\n')
            """)
    }

    private func lookup(_ name: String) throws -> String? {
        try lua.load("return require('pmo.doc').lookup(...)", name: "=test").call(name).first?.stringValue
    }

    func testEveryPublicStdlibFunctionHasADocComment() throws {
        XCTAssertEqual(try undocumented(in: "*"), "", "add a `---` doc comment above each function named")
    }

    func testTheCatalogueReachesPmoRecordMethodsListKpiAndReport() throws {
        let names = try string("""
            local want, found = { 'pmo.projects', 'pmo.risks', 'Project:evm', 'Project:risks', 'Task:parent',
              'List:filter', 'Date:month_end', 'kpi.evaluate', 'Result:explain', 'report.new', 'Doc:table',
              'evm.measures', 'es.measures', 'format.value' }, {}
            for _, e in ipairs(require('pmo.doc').catalogue()) do found[e.full] = true end
            local missing = {}
            for _, n in ipairs(want) do if not found[n] then missing[#missing + 1] = n end end
            return table.concat(missing, ',')
            """)
        XCTAssertEqual(names, "")
    }

    func testAFunctionWithoutADocCommentIsReportedWithItsPlace() throws {
        let why = try string("""
            local doc = require('pmo.doc')
            local f = load('return function(x) return x end', '@stdlib/pmo/list.lua')()
            local d, why = doc.of(f)
            return tostring(d) .. ' ' .. why
            """)
        XCTAssertEqual(why, "nil no doc comment above stdlib/pmo/list.lua:1")
    }

    func testAGeneratedFunctionsDocNamesItsOwnKind() throws {
        XCTAssertEqual(try lookup("pmo.risks")?.components(separatedBy: "\n").prefix(2).joined(separator: "\n"),
                       "pmo.risks([filter]) -> List|Risk[]\n  Every risk (as of the session date), optionally filtered (see :help filters).")
        XCTAssertTrue(try lookup("pmo.status_report")?.hasPrefix("pmo.status_report(id) -> StatusReport|nil") ?? false)
    }

    func testAMethodIsFoundAsItIsTyped() throws {
        XCTAssertTrue(try lookup("p:evm")?.hasPrefix("Project:evm() -> EVM") ?? false)
        XCTAssertTrue(try lookup("r:explain")?.hasPrefix("Result:explain() -> string") ?? false)
        XCTAssertTrue(try lookup("kpi.evaluate")?.hasPrefix("kpi.evaluate(") ?? false)
        XCTAssertTrue(try lookup("filter")?.hasPrefix("List:filter(f) -> List") ?? false)
    }

    func testAModuleListsItsFunctions() throws {
        let text = try lookup("pmo.kpi") ?? ""
        XCTAssertTrue(text.contains("kpi.evaluate("), text)
        XCTAssertTrue(text.contains("Result:explain()"), text)
    }

    func testAnUnknownDottedNameHasNoHelpRatherThanAnotherOnesMethod() throws {
        XCTAssertNil(try lookup("math.projects"))
    }

    func testTheLookupOfABareMethodNameIsTheSameEveryTime() throws {
        let first = try lookup("projects")
        for _ in 1...20 { XCTAssertEqual(try lookup("projects"), first) }
        let methods = try lookup("timesheets")
        for _ in 1...20 { XCTAssertEqual(try lookup("timesheets"), methods) }
    }

    /// `:help pmo` lists the queries of the kinds the host declared (pmo.kinds), each with an
    /// entry of its own, rather than a list kept by hand.
    func testHelpPmoListsTheQueriesOfEveryDeclaredKind() throws {
        let missing = try lua.run("""
            local doc, missing = require('pmo.doc'), {}
            local text = doc.lookup('pmo')
            for name, k in pairs(pmo.kinds) do
              local call = k.lookup == 'list' and ('pmo.' .. k.plural) or (k.lookup == 'one' and 'pmo.' .. name) or nil
              if call and (not text:find(call .. '(', 1, true) or not doc.lookup(call)) then missing[#missing + 1] = call end
            end
            table.sort(missing)
            return table.concat(missing, ',')
            """, name: "=test").first?.stringValue
        XCTAssertEqual(missing, "")
    }

    /// Every method of every kind (the relations its keys give included) has a doc comment
    /// that `:help kind:method` finds.
    func testEveryMethodOfEveryKindIsDocumented() throws {
        let missing = try lua.run("""
            local doc, missing = require('pmo.doc'), {}
            local documented = {}
            for _, e in ipairs(doc.catalogue()) do
              if e.doc and e.sep == ':' then documented[e.owner .. ':' .. e.name] = true end
            end
            for name, k in pairs(pmo.kinds) do
              for m in pairs(k.methods) do
                if not documented[k.title .. ':' .. m] or not doc.lookup(name .. ':' .. m) then missing[#missing + 1] = name .. ':' .. m end
              end
            end
            table.sort(missing)
            return table.concat(missing, ',')
            """, name: "=test").first?.stringValue
        XCTAssertEqual(missing, "")
    }
}
