import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import XCTest

/// The `pmo` module's kinds, queries and relations come from the declaration the host hands
/// it (PMOStore's Kinds and the schema's foreign keys), not from lists of its own.
final class KindsModuleTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws {
        lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 8, seed: 1), today: Day("2026-11-27")).install(in: lua)
    }

    func run(_ code: String) throws -> LuaValue { try lua.run(code, name: "=test").first ?? .nil }

    func testEveryDeclaredKindIsAKindOfTheModuleWithItsTableAndTitle() throws {
        for kind in Kinds.all {
            XCTAssertEqual(try run("return pmo.kinds['\(kind.name)'].table").stringValue, kind.table)
            XCTAssertEqual(try run("return pmo.kinds['\(kind.name)'].title").stringValue, kind.title)
        }
        XCTAssertEqual(try run("local n = 0 for _ in pairs(pmo.kinds) do n = n + 1 end return n").intValue, Kinds.all.count)
    }

    func testEveryKindListedByIdHasItsPluralAndSingularQueries() throws {
        for kind in Kinds.all where kind.lookup == .list {
            XCTAssertEqual(try run("return type(pmo['\(kind.plural)']) .. type(pmo['\(kind.name)'])").stringValue,
                           "functionfunction", kind.name)
        }
        XCTAssertEqual(try run("return type(pmo.timephased) .. type(pmo.evidence)").stringValue, "nilnil")
    }

    func testEveryRelationOfTheSchemaIsAMethodOfItsKind() throws {
        for r in try Kinds.currentRelations() {
            XCTAssertEqual(try run("return type(pmo.kinds['\(r.kind)'].methods['\(r.name)'])").stringValue, "function",
                           "\(r.kind):\(r.name)()")
        }
    }

    /// A relation no hand list had, derived from task_links.predecessor_id: the links whose
    /// predecessor is the task.
    func testADerivedRelationListsTheRowsWhoseKeyNamesTheRecord() throws {
        let r = try run("""
            local link = pmo.project('PRJ-001'):links()[1]
            local task = link:predecessor()
            local found = false
            for _, l in ipairs(task:successor_links()) do
              if l.successor_id == link.successor_id then found = true end
              if l.predecessor_id ~= task.id then return 'wrong link ' .. l.predecessor_id end
            end
            return found and task.id == link.predecessor_id and 'ok' or 'missing'
            """)
        XCTAssertEqual(r.stringValue, "ok")
    }

    func testARecordPrintsItsKindsDeclaredLabel() throws {
        XCTAssertEqual(try run("local r = pmo.risks()[1] return tostring(r) == 'Risk ' .. r.id .. ' (' .. r.title .. ')' or nil").isTruthy, true)
        XCTAssertEqual(try run("local s = pmo.status_reports()[1] return tostring(s) == 'StatusReport ' .. s.id .. ' (' .. s.summary .. ')' or nil").isTruthy, true)
    }
}
