import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// `pmo.help` (what `:help` shows) has an entry for every public function of the modules an
/// analyst types at the prompt, and finds methods as people write them.
final class HelpCoverageTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 5, seed: 1), today: Day("2026-11-27")).install(in: lua)
    }

    /// The public functions of `module` (methods of `table` when given) that help.modules[topic] lacks.
    private func undocumented(_ topic: String, _ expression: String) throws -> String {
        try lua.run("""
            local help, missing = require('pmo.help'), {}
            local entries = help.modules[\(quoted(topic))].entries
            for k, v in pairs(\(expression)) do
              if type(v) == 'function' and k:sub(1, 1) ~= '_' and not k:match('^__') and not entries[k] then
                missing[#missing + 1] = k
              end
            end
            table.sort(missing)
            return table.concat(missing, ',')
            """, name: "=test").first?.stringValue ?? "?"
    }

    private func quoted(_ s: String) -> String { "\"" + s + "\"" }

    private func lookup(_ name: String) throws -> String? {
        try lua.load("return require('pmo.help').lookup(...)", name: "=test").call(name).first?.stringValue
    }

    func testEveryListMethodIsDocumented() throws {
        XCTAssertEqual(try undocumented("List", "require('pmo.list').List"), "")
    }

    func testEveryKpiFunctionIsDocumented() throws {
        XCTAssertEqual(try undocumented("pmo.kpi", "require('pmo.kpi')"), "")
        XCTAssertEqual(try undocumented("pmo.kpi", "require('pmo.kpi').Result"), "")
    }

    func testEveryReportFunctionAndDocumentMethodIsDocumented() throws {
        XCTAssertEqual(try undocumented("pmo.report", "require('pmo.report')"), "")
        XCTAssertEqual(try undocumented("pmo.report", "require('pmo.report').Doc"), "")
    }

    func testAMethodIsFoundAsItIsTyped() throws {
        XCTAssertTrue(try lookup("p:evm")?.hasPrefix("project:evm\n  p:evm() -> earned value") ?? false)
        XCTAssertTrue(try lookup("r:explain")?.hasPrefix("r:explain() -> text") ?? false)
        XCTAssertTrue(try lookup("kpi.evaluate")?.hasPrefix("kpi.evaluate(") ?? false)
        XCTAssertTrue(try lookup("filter")?.hasPrefix("l:filter(f)") ?? false)
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
            local help, missing = require('pmo.help'), {}
            local text = help.lookup('pmo')
            for name, k in pairs(pmo.kinds) do
              local call = k.lookup == 'list' and ('pmo.' .. k.plural) or (k.lookup == 'one' and 'pmo.' .. name) or nil
              if call and (not text:find(call .. '(', 1, true) or not help.functions[call]) then missing[#missing + 1] = call end
            end
            table.sort(missing)
            return table.concat(missing, ',')
            """, name: "=test").first?.stringValue
        XCTAssertEqual(missing, "")
    }

    /// Every method of every kind (the relations its keys give included) has help.
    func testEveryMethodOfEveryKindIsDocumented() throws {
        let missing = try lua.run("""
            local help, missing = require('pmo.help'), {}
            for name, k in pairs(pmo.kinds) do
              for m in pairs(k.methods) do
                if not (help.methods[name] and help.methods[name][m]) then missing[#missing + 1] = name .. ':' .. m end
              end
            end
            table.sort(missing)
            return table.concat(missing, ',')
            """, name: "=test").first?.stringValue
        XCTAssertEqual(missing, "")
    }
}
