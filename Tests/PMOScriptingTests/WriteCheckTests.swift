import Foundation
import GRDB
import LuaKit
import PMOModel
import PMOScripting
@testable import PMOStore
import XCTest

/// Writes through `pmo.transaction` are checked against the schema's one declaration
/// (StoreSchema: types, allowed values, bounds): a refused write names the field, the value
/// and what is allowed, and leaves the store exactly as it was.
final class WriteCheckTests: XCTestCase {
    var lua: LuaState!
    var store: PortfolioStore!

    override func setUpWithError() throws {
        lua = try LuaState()
        store = try PortfolioStore.demo(projects: 5, seed: 1)
        try PMOSession(store: store, today: Day("2026-11-27")).install(in: lua)
    }

    /// Every row of the tables a write here could touch, to compare before and after.
    func contents() throws -> [Row] {
        try store.reader.read { db in
            try ["projects", "risks", "tasks"].flatMap { try Row.fetchAll(db, sql: "SELECT * FROM \($0) ORDER BY id") }
        }
    }

    /// The error of running `code`, after checking that it left the store as it was.
    func refusal(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let before = try contents()
        var message = ""
        do {
            _ = try lua.run(code, name: "=test")
            XCTFail("the write was accepted", file: file, line: line)
        } catch let e as LuaError {
            message = e.fullMessage
        }
        XCTAssertEqual(try contents(), before, "the store changed", file: file, line: line)
        return message
    }

    func testTextIntoANumberIsRefused() throws {
        let m = try refusal("pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { bac = 'abc' }) end)")
        XCTAssertTrue(m.contains("field 'bac' cannot take \"abc\": text given (a finite number >= 0 expected)"), m)
        XCTAssertTrue(m.contains("nothing was written"), m)
    }

    func testNaNIsRefused() throws {
        let m = try refusal("pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { bac = 0/0 }) end)")
        XCTAssertTrue(m.contains("field 'bac' cannot take"), m)
        XCTAssertTrue(m.contains("NaN is not a number"), m)
    }

    func testInfinityIsRefused() throws {
        let m = try refusal("pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { bac = -math.huge }) end)")
        XCTAssertTrue(m.contains("field 'bac' cannot take -inf: infinity is not a number"), m)
    }

    func testNegativeBACIsRefused() throws {
        let m = try refusal("pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { bac = -5 }) end)")
        XCTAssertTrue(m.contains("field 'bac' cannot take -5: below 0 (a finite number >= 0 expected)"), m)
    }

    func testImpossibleDateIsRefused() throws {
        let m = try refusal("pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { baseline_finish = '2026-02-30' }) end)")
        XCTAssertTrue(m.contains("field 'baseline_finish' cannot take \"2026-02-30\": not an existing day"), m)
    }

    func testUnknownFieldIsRefused() throws {
        let m = try refusal("pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { colour = 'red' }) end)")
        XCTAssertTrue(m.contains("unknown field 'colour'"), m)
        XCTAssertTrue(m.contains("bac"), "the message lists the fields there are: \(m)")
    }

    func testPhaseOutsideTheAllowedValuesIsRefused() throws {
        let m = try refusal("pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { phase = 'done' }) end)")
        XCTAssertTrue(m.contains("field 'phase' cannot take \"done\""), m)
        XCTAssertTrue(m.contains("one of: initiation, planning, execution, closing, closed, cancelled"), m)
    }

    func testProbabilityAboveOneIsRefused() throws {
        let m = try refusal("""
            local r = pmo.project('PRJ-001'):risks()[1]
            pmo.transaction(function(tx) tx:update(r, { probability = 1.5 }) end)
            """)
        XCTAssertTrue(m.contains("field 'probability' cannot take 1.5: above 1 (a finite number from 0 to 1 expected)"), m)
    }

    func testARefusedFieldUndoesTheWholeTransaction() throws {
        let m = try refusal("""
            pmo.transaction(function(tx)
              tx:update(pmo.project('PRJ-001'), { name = 'Renamed' })
              tx:update(pmo.project('PRJ-002'), { bac = 'lots' })
            end)
            """)
        XCTAssertTrue(m.contains("write operation #2"), m)
    }

    func testAValidWriteStillGoesThrough() throws {
        _ = try lua.run("pmo.transaction(function(tx) tx:update(pmo.project('PRJ-001'), { bac = 1250000, baseline_finish = pmo.date.parse('2027-03-31') }) end)", name: "=test")
        let row = try XCTUnwrap(try store.reader.read { db in try Row.fetchOne(db, sql: "SELECT bac, baseline_finish FROM projects WHERE id = 'PRJ-001'") })
        XCTAssertEqual(Array(row.databaseValues), [Double(1250000).databaseValue, "2027-03-31".databaseValue])
    }
}
