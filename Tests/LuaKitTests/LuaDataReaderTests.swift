import LuaKit
import XCTest

/// `LuaDataReader`: copying values out of Lua as plain data, raw and within budgets, for values
/// made by code the host does not trust.
final class LuaDataReaderTests: XCTestCase {
    func read(_ code: String, maxValues: Int = 1000, maxStringBytes: Int = .max, maxDepth: Int = 200)
        throws -> LuaData {
        let lua = try LuaState()
        var reader = LuaDataReader(maxValues: maxValues, maxStringBytes: maxStringBytes, maxDepth: maxDepth)
        return try reader.read(try lua.run(code).first ?? .nil, in: lua, path: "r")
    }

    func refusal(_ code: String, maxValues: Int = 1000, maxStringBytes: Int = .max, maxDepth: Int = 200)
        -> LuaDataReader.Failure? {
        do {
            _ = try read(code, maxValues: maxValues, maxStringBytes: maxStringBytes, maxDepth: maxDepth)
            return nil
        } catch {
            return error as? LuaDataReader.Failure
        }
    }

    func testASequenceReadsAsAnArrayAndOtherKeysAsAnObject() throws {
        XCTAssertEqual(try read("return {1, 'a', true}"), [1, "a", true])
        XCTAssertEqual(try read("return {x = 1.5, [2] = 'b'}"), ["x": 1.5, "2": "b"])
    }

    func testIntegersAndFloatsStayApart() throws {
        guard case .array(let items) = try read("return {3, 3.0}") else { return XCTFail() }
        guard case .integer(3) = items[0], case .number(3.0) = items[1] else { return XCTFail("\(items)") }
    }

    func testAFunctionIsRefusedWithThePathToIt() {
        let failure = refusal("return {items = {print}}")
        XCTAssertEqual(failure?.path, "r.items.1")
        XCTAssertEqual(failure?.refusal, .valueType("function"))
    }

    func testATableKeyIsRefused() {
        XCTAssertEqual(refusal("return {[{}] = 1}")?.refusal, .keyType("table"))
    }

    func testATableThatHoldsItselfIsRefused() {
        let failure = refusal("local t = {}; t.me = t; return t")
        XCTAssertEqual(failure?.path, "r.me")
        XCTAssertEqual(failure?.refusal, .cycle)
    }

    func testTheSameTableTwiceIsNotACycle() throws {
        XCTAssertEqual(try read("local t = {1}; return {t, t}"), [[1], [1]])
    }

    func testTablesNestedPastTheDepthLimitAreRefused() {
        XCTAssertEqual(refusal("return {{{}}}", maxDepth: 2)?.refusal, .tooDeep(limit: 2))
    }

    func testValuesPastTheBudgetAreRefused() {
        XCTAssertEqual(refusal("return {1, 2, 3}", maxValues: 3)?.refusal, .tooManyValues)
    }

    func testStringBytesCountEachTimeAStringOccurs() {
        // One 100-byte string, referred to twice: 200 bytes on the way out.
        XCTAssertEqual(refusal("local s = string.rep('x', 100); return {s, s}", maxStringBytes: 150)?.refusal,
                       .tooManyStringBytes(limit: 150))
    }

    func testNoMetamethodOfTheValueRuns() throws {
        let lua = try LuaState()
        let value = try lua.run("""
            touched = false
            local mt = {__index = function() touched = true end, __pairs = function() touched = true end,
                        __len = function() touched = true; return 9 end}
            return setmetatable({1, 2}, mt)
            """)[0]
        var reader = LuaDataReader(maxValues: 100)
        XCTAssertEqual(try reader.read(value, in: lua, path: "r"), [1, 2])
        XCTAssertEqual(lua.global("touched"), false)
    }

    func testReadingLeavesTheStackAsItWas() throws {
        let lua = try LuaState()
        let value = try lua.run("local t = {}; t.me = t; return {1, {2, t}}")[0]
        let top = lua.top
        var reader = LuaDataReader(maxValues: 100)
        XCTAssertThrowsError(try reader.read(value, in: lua, path: "r"))
        XCTAssertEqual(lua.top, top)
    }
}
