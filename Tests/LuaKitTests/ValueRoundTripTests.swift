import CLua
import LuaKit
import XCTest

/// Values pushed from Swift and read back, and values made in Lua and read in Swift.
final class ValueRoundTripTests: XCTestCase {
    var lua: LuaState!

    override func setUpWithError() throws { lua = try LuaState() }

    /// Pushes `value`, reads it back as `T`, and checks the stack is balanced.
    func roundTrip<T: LuaPushable & LuaReadable>(_ value: T) -> T? {
        let top = lua.top
        lua.push(value)
        let back = T.read(from: lua.unsafeRawState, at: -1)
        lua.pop()
        XCTAssertEqual(lua.top, top, "stack not balanced")
        return back
    }

    func testIntegerExtremesRoundTripExactly() {
        XCTAssertEqual(roundTrip(Int.max), Int.max)
        XCTAssertEqual(roundTrip(Int.min), Int.min)
        XCTAssertEqual(roundTrip(0), 0)
    }

    func testNaNRoundTripsAsNaN() {
        XCTAssertTrue(roundTrip(Double.nan)!.isNaN)
    }

    func testNegativeZeroKeepsItsSign() {
        let back = roundTrip(-0.0)!
        XCTAssertEqual(back, 0)
        XCTAssertEqual(back.sign, .minus)
    }

    func testInfinitiesRoundTrip() {
        XCTAssertEqual(roundTrip(Double.infinity), .infinity)
        XCTAssertEqual(roundTrip(-Double.infinity), -.infinity)
    }

    func testIntegerAndFloatStayDistinct() throws {
        let r = try lua.run("return 3, 3.0", name: "=t")
        XCTAssertEqual(r[0], .integer(3))
        if case .number(let d) = r[1] { XCTAssertEqual(d, 3.0) } else { XCTFail("3.0 read as \(r[1])") }
        lua.push(3.0)
        XCTAssertEqual(lua_isinteger(lua.unsafeRawState, -1), 0, "a Swift Double must stay a Lua float")
        lua.pop()
        lua.push(3)
        XCTAssertEqual(lua_isinteger(lua.unsafeRawState, -1), 1, "a Swift Int must stay a Lua integer")
        lua.pop()
    }

    func testFloatWithIntegerValueReadsAsInt() {
        lua.push(42.0)
        XCTAssertEqual(Int.read(from: lua.unsafeRawState, at: -1), 42)
        lua.pop()
        lua.push(42.5)
        XCTAssertNil(Int.read(from: lua.unsafeRawState, at: -1))
        lua.pop()
    }

    func testStringWithEmbeddedZerosRoundTrips() {
        XCTAssertEqual(roundTrip("a\0b\0"), "a\0b\0")
        XCTAssertEqual(roundTrip("ünïcödé ✓"), "ünïcödé ✓")
    }

    func testInvalidUTF8SurvivesAsBytes() throws {
        let bytes: [UInt8] = [0xff, 0x00, 0xc3, 0x28, 0x41]
        XCTAssertEqual(roundTrip(LuaString(bytes: bytes))?.bytes, bytes)
        let len = try lua.load("return #...").call(LuaString(bytes: bytes))
        XCTAssertEqual(len, [.integer(5)])
        XCTAssertNil(LuaString(bytes: bytes).validString)
    }

    func testLuaStringFromLuaKeepsExactBytes() throws {
        let r = try lua.run(#"return "\255\0\1""#)
        guard case .string(let s) = r[0] else { return XCTFail("not a string") }
        XCTAssertEqual(s.bytes, [255, 0, 1])
    }

    func testArrayRoundTrips() {
        XCTAssertEqual(roundTrip([1, 2, 3]), [1, 2, 3])
        XCTAssertEqual(roundTrip(["x", "y"]), ["x", "y"])
        XCTAssertEqual(roundTrip([Int]()), [])
    }

    func testDictionaryRoundTrips() {
        XCTAssertEqual(roundTrip(["a": 1.5, "b": -2]), ["a": 1.5, "b": -2])
    }

    func testArrayWithWrongElementTypeReadsAsNil() throws {
        let t = try lua.run("return {1, 'two', 3}")[0]
        lua.push(t)
        XCTAssertNil([Int].read(from: lua.unsafeRawState, at: -1))
        lua.pop()
    }

    func testBoolAndNilRoundTrip() {
        XCTAssertEqual(roundTrip(true), true)
        XCTAssertEqual(roundTrip(false), false)
        lua.push(Optional<Int>.none)
        XCTAssertEqual(lua.value(at: -1), .nil)
        lua.pop()
    }

    func testLuaValueRoundTripsEveryScalarKind() {
        let values: [LuaValue] = [.nil, true, 7, 2.5, "s", .integer(.max), .integer(.min)]
        for v in values {
            lua.push(v)
            XCTAssertEqual(lua.value(at: -1), v)
            lua.pop()
        }
        XCTAssertEqual(lua.top, 0)
    }

    func testTableReferenceStaysValidAfterCollection() throws {
        let t = try lua.run("return {answer = 42}")[0].tableValue!
        lua.collectGarbage()
        XCTAssertEqual(t["answer"], .integer(42))
    }

    func testFunctionReferenceCanBeCalledLater() throws {
        let f = try lua.run("local n = 0; return function() n = n + 1; return n end")[0].functionValue!
        lua.collectGarbage()
        XCTAssertEqual(try f.call(), [.integer(1)])
        XCTAssertEqual(try f.call(), [.integer(2)])
    }

    func testReferenceAfterStateClosedThrowsInsteadOfCrashing() throws {
        var state: LuaState? = try LuaState()
        let f = try state!.load("return 1")
        state = nil
        XCTAssertFalse(f.isValid)
        XCTAssertThrowsError(try f.call())
    }

    func testTableGetHonoursIndexMetamethod() throws {
        let t = try lua.run("return setmetatable({}, {__index = function(_, k) return k .. '!' end})")[0].tableValue!
        XCTAssertEqual(try t.get("x"), "x!")
        XCTAssertEqual(t["x"], .nil, "the subscript is a raw read")
        XCTAssertEqual(lua.top, 0)
    }

    func testTableSetErrorFromMetamethodThrows() throws {
        let t = try lua.run("return setmetatable({}, {__newindex = function() error('read-only') end})")[0].tableValue!
        XCTAssertThrowsError(try t.set("x", 1)) { e in
            XCTAssertEqual((e as? LuaError)?.message, "read-only")
        }
        XCTAssertEqual(lua.top, 0)
    }

    func testTablePairsListsEveryEntry() throws {
        let t = try lua.run("return {10, 20, x = 'y'}")[0].tableValue!
        XCTAssertEqual(t.pairs.count, 3)
        XCTAssertEqual(t.array, [10, 20])
        XCTAssertEqual(lua.top, 0)
    }

    // MARK: nesting deeper than the 20 stack slots Lua promises

    /// A value that is a sequence of its children, as deep as it is built.
    struct Tree: LuaPushable, LuaReadable {
        var children: [Tree]
        func push(to L: OpaquePointer) { children.push(to: L) }
        static func read(from L: OpaquePointer, at index: Int32) -> Tree? {
            [Tree].read(from: L, at: index).map(Tree.init)
        }
        static var luaTypeName: String { "table" }
        var depth: Int { 1 + (children.first?.depth ?? 0) }
        static func nested(_ depth: Int) -> Tree {
            var t = Tree(children: [])
            for _ in 1..<depth { t = Tree(children: [t]) }
            return t
        }
    }

    func testAnArrayNestedThreeHundredDeepRoundTrips() {
        for _ in 0..<100 {
            XCTAssertEqual(roundTrip(Tree.nested(300))?.depth, 300)
        }
    }

    func testADictionaryNestedThreeHundredDeepIsPushedWhole() throws {
        func nested(_ n: Int) -> LuaPushable { n == 0 ? [String: Int]() : DictBox(inner: nested(n - 1)) }
        let value = nested(300)
        let depth = try lua.load("local t, n = ..., 0 while type(t) == 'table' do n = n + 1 t = t.x end return n")
        for _ in 0..<100 {
            XCTAssertEqual(try depth.call(value), [.integer(301)])
        }
        XCTAssertEqual(lua.top, 0)
    }

    /// `{x = inner}` through `Dictionary.push`.
    struct DictBox: LuaPushable {
        let inner: LuaPushable
        func push(to L: OpaquePointer) { ["x": AnyPushable(inner)].push(to: L) }
    }

    struct AnyPushable: LuaPushable {
        let value: LuaPushable
        init(_ value: LuaPushable) { self.value = value }
        func push(to L: OpaquePointer) { value.push(to: L) }
    }

    func testACallWithFiveHundredArgumentsGetsThemAll() throws {
        let f = try lua.load("return select('#', ...)")
        for _ in 0..<100 {
            try lua.run("collectgarbage()")   // which shrinks the stack to about what it uses
            XCTAssertEqual(try f.call(arguments: Array(repeating: 1, count: 500)), [.integer(500)])
        }
        XCTAssertEqual(lua.top, 0)
    }
}
