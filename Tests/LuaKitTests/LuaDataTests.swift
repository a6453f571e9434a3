import Foundation
import LuaKit
import XCTest

/// `LuaData`, the one plain-data Lua value: its wire form (the sandbox worker's pipes) and
/// what it becomes when pushed into Lua.
final class LuaDataTests: XCTestCase {
    func wire(_ value: LuaData) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func testTheWireFormKeepsIntegersFloatsAndTablesApart() throws {
        let value: LuaData = [5, 0.1, ["a": nil], [true, "s"]]
        XCTAssertEqual(try wire(value), #"[{"i":5},{"n":"0.1"},{"o":{"a":null}},[true,"s"]]"#)
    }

    func testTheWireFormCarriesNonFiniteFloatsAndExtremeIntegers() throws {
        let value: LuaData = .array([.number(.infinity), .number(-.infinity), .number(.nan), .integer(.min), .integer(.max)])
        let back = try JSONDecoder().decode(LuaData.self, from: Data(try wire(value).utf8))
        XCTAssertEqual(back, value)
        guard case .array(let items) = back, case .integer(.min) = items[3] else { return XCTFail("\(back)") }
    }

    func testLuaEqualityHoldsBetweenAnIntegerAndItsFloat() {
        XCTAssertEqual(LuaData.integer(1), LuaData.number(1.0))
        XCTAssertNotEqual(LuaData.integer(1), LuaData.string("1"))
    }

    func testTheTypeNameIsLuas() {
        let names = ([nil, true, 1, 1.5, "s", [], ["k": 1]] as [LuaData]).map(\.typeName)
        XCTAssertEqual(names, ["nil", "boolean", "number", "number", "string", "table", "table"])
    }

    func testPushedDataIsFreshLuaTablesOfTheSameValues() throws {
        let lua = try LuaState()
        let inspect = try lua.load("""
            local t = ...
            return math.type(t.n), math.type(t.f), #t.list, t.list[2], t.name, getmetatable(t) == nil
            """)
        let data: LuaData = ["n": 1, "f": 2.0, "list": ["a", "b"], "name": "x"]
        let r = try inspect.call(data)
        XCTAssertEqual(r.map(\.description), ["integer", "float", "2", "b", "x", "true"])
    }
}
