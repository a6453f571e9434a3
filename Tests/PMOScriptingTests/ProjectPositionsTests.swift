import CLua
import LuaKit
@testable import PMOScripting
import XCTest

/// `ProjectPositions`: where a scan of the curves finds each project in the host's list.
final class ProjectPositionsTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws { lua = try LuaState() }

    /// The positions, in the list made by `rows` (Lua code returning a list of rows), of
    /// `ids` asked in that order.
    func positions(_ rows: String, _ ids: [String]) throws -> [Int?] {
        let list = try lua.run("return " + rows, name: "=rows")[0]
        let L = lua.L
        list.push(to: L)
        var positions = ProjectPositions(L, list: -1)
        lua_settop(L, -2)
        return ids.map { id in
            Array(id.utf8).withUnsafeBufferPointer { positions.position(of: $0) }
        }
    }

    func testIdsAskedInTheListsOrderAreFoundAtTheirPositions() throws {
        let found = try positions("{ {id = 'A'}, {id = 'B'}, {id = 'C'}, {id = 'D'} }", ["A", "C", "D"])
        XCTAssertEqual(found, [1, 3, 4])
    }

    func testAShorterIdComesBeforeTheLongerOneItBegins() throws {
        // SQLite's BINARY order, which ORDER BY id follows: "PRJ-1" < "PRJ-10" < "PRJ-2".
        let found = try positions("{ {id = 'PRJ-1'}, {id = 'PRJ-10'}, {id = 'PRJ-2'} }", ["PRJ-1", "PRJ-10", "PRJ-2"])
        XCTAssertEqual(found, [1, 2, 3])
    }

    func testAnIdAskedOutOfOrderIsStillFound() throws {
        let found = try positions("{ {id = 'A'}, {id = 'B'}, {id = 'C'} }", ["C", "A", "B"])
        XCTAssertEqual(found, [3, 1, 2])
    }

    func testAnIdTheListDoesNotHaveHasNoPositionAndTheNextIsStillFound() throws {
        let found = try positions("{ {id = 'A'}, {id = 'C'} }", ["B", "C", "Z"])
        XCTAssertEqual(found, [nil, 2, nil])
    }

    func testARowWithoutATextIdMatchesNoId() throws {
        let found = try positions("{ {id = 'A'}, {name = 'no id'}, {id = 7}, {id = 'B'} }", ["", "7", "B"])
        XCTAssertEqual(found, [nil, nil, 4])
    }
}
