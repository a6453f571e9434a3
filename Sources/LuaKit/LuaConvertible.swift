import CLua
import CLuaBridge

/// A Swift value that can be pushed onto a Lua stack.
///
/// Pushing never raises: it only allocates, and LuaKit's allocator does not apply its cap while
/// Swift is running (DESIGN.md, decision 1).
public protocol LuaPushable {
    func push(to L: OpaquePointer)
}

/// A Swift value that can be read from a Lua stack slot.
public protocol LuaReadable {
    /// The value at `index`, or nil when the slot holds something else.
    static func read(from L: OpaquePointer, at index: Int32) -> Self?
    /// What an argument error says was expected ("number", "string" ...).
    static var luaTypeName: String { get }
}

extension Bool: LuaPushable, LuaReadable {
    public func push(to L: OpaquePointer) { lua_pushboolean(L, self ? 1 : 0) }
    /// Only booleans read as Bool (Lua's truthiness is `LuaValue.isTruthy`).
    public static func read(from L: OpaquePointer, at index: Int32) -> Bool? {
        lua_type(L, index) == LUA_TBOOLEAN ? lua_toboolean(L, index) != 0 : nil
    }
    public static var luaTypeName: String { "boolean" }
}

extension Int: LuaPushable, LuaReadable {
    public func push(to L: OpaquePointer) { lua_pushinteger(L, lua_Integer(self)) }
    /// Integers, floats with an exact integer value, and strings that convert (as luaL_checkinteger).
    public static func read(from L: OpaquePointer, at index: Int32) -> Int? {
        var ok: Int32 = 0
        let v = lkb_tointeger(L, index, &ok)
        return ok != 0 ? Int(v) : nil
    }
    public static var luaTypeName: String { "number" }
}

extension Int32: LuaPushable, LuaReadable {
    public func push(to L: OpaquePointer) { lua_pushinteger(L, lua_Integer(self)) }
    public static func read(from L: OpaquePointer, at index: Int32) -> Int32? {
        Int.read(from: L, at: index).flatMap { Int32(exactly: $0) }
    }
    public static var luaTypeName: String { "number" }
}

extension Double: LuaPushable, LuaReadable {
    public func push(to L: OpaquePointer) { lua_pushnumber(L, self) }
    public static func read(from L: OpaquePointer, at index: Int32) -> Double? {
        var ok: Int32 = 0
        let v = lkb_tonumber(L, index, &ok)
        return ok != 0 ? v : nil
    }
    public static var luaTypeName: String { "number" }
}

extension String: LuaPushable, LuaReadable {
    public func push(to L: OpaquePointer) {
        var s = self
        s.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }
    /// Strings, and numbers in Lua's own format. Invalid UTF-8 is repaired (U+FFFD); read
    /// `LuaString` to keep the exact bytes.
    public static func read(from L: OpaquePointer, at index: Int32) -> String? {
        switch lua_type(L, index) {
        case LUA_TSTRING:
            var len = 0
            guard let p = lua_tolstring(L, index, &len) else { return nil }
            return p.withMemoryRebound(to: UInt8.self, capacity: len) {
                String(decoding: UnsafeBufferPointer(start: $0, count: len), as: UTF8.self)
            }
        case LUA_TNUMBER:
            // lua_tolstring would turn the slot itself into a string; convert a copy.
            lua_pushvalue(L, index)
            defer { lua_settop(L, -2) }
            var len = 0
            guard let p = lua_tolstring(L, -1, &len) else { return nil }
            return String(cString: p)
        default:
            return nil
        }
    }
    public static var luaTypeName: String { "string" }
}

/// A Lua string as its exact bytes: embedded zeros and invalid UTF-8 survive a round trip.
///
/// ```swift
/// let raw = LuaString(bytes: [0xff, 0x00, 0x41])
/// ```
public struct LuaString: Hashable, Sendable, LuaPushable, LuaReadable, ExpressibleByStringLiteral,
    CustomStringConvertible {
    public var bytes: [UInt8]
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { self.bytes = Array(string.utf8) }
    public init(stringLiteral value: String) { self.init(value) }
    /// The bytes decoded as UTF-8, invalid sequences repaired.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
    /// The bytes as a String only if they are valid UTF-8.
    public var validString: String? {
        let s = string
        return s.utf8.elementsEqual(bytes) ? s : nil
    }
    public var description: String { string }

    public func push(to L: OpaquePointer) {
        bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }
    public static func read(from L: OpaquePointer, at index: Int32) -> LuaString? {
        guard lua_type(L, index) == LUA_TSTRING else {
            return String.read(from: L, at: index).map { LuaString($0) }
        }
        var len = 0
        guard let p = lua_tolstring(L, index, &len) else { return nil }
        return p.withMemoryRebound(to: UInt8.self, capacity: len) {
            LuaString(bytes: Array(UnsafeBufferPointer(start: $0, count: len)))
        }
    }
    public static var luaTypeName: String { "string" }
}

extension Optional: LuaPushable where Wrapped: LuaPushable {
    public func push(to L: OpaquePointer) {
        switch self {
        case .some(let v): v.push(to: L)
        case .none: lua_pushnil(L)
        }
    }
}

/// Lua promises a C function 20 free stack slots and no more: a nested value takes slots at
/// every level while it is pushed or read, so each level asks for its own (a value nested
/// deeper than that corrupted the heap). Only a stack at its hard limit or a failed
/// allocation refuses; the push then gives nil instead of the table, and a read fails.
@inline(__always)
func hasStackRoom(_ L: OpaquePointer, _ slots: Int32) -> Bool { lua_checkstack(L, slots) != 0 }

extension Array: LuaPushable where Element: LuaPushable {
    /// A sequence 1...n (nil if the Lua stack cannot grow; see `hasStackRoom`).
    public func push(to L: OpaquePointer) {
        guard hasStackRoom(L, 2) else { return lua_pushnil(L) }
        lua_createtable(L, Int32(clamping: count), 0)
        for (i, e) in enumerated() {
            e.push(to: L)
            lua_rawseti(L, -2, lua_Integer(i + 1))
        }
    }
}

extension Array: LuaReadable where Element: LuaReadable {
    /// A table's 1...#t (raw length, raw reads); nil if any element has another type.
    public static func read(from L: OpaquePointer, at index: Int32) -> [Element]? {
        guard lua_type(L, index) == LUA_TTABLE, hasStackRoom(L, 2) else { return nil }
        let t = lua_absindex(L, index)
        let n = Int(lua_rawlen(L, t))
        var out: [Element] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            lua_rawgeti(L, t, lua_Integer(i + 1))
            defer { lua_settop(L, -2) }
            guard let e = Element.read(from: L, at: -1) else { return nil }
            out.append(e)
        }
        return out
    }
    public static var luaTypeName: String { "table" }
}

extension Dictionary: LuaPushable where Key: LuaPushable, Value: LuaPushable {
    /// A table of the pairs (nil if the Lua stack cannot grow; see `hasStackRoom`).
    public func push(to L: OpaquePointer) {
        guard hasStackRoom(L, 3) else { return lua_pushnil(L) }
        lua_createtable(L, 0, Int32(clamping: count))
        for (k, v) in self {
            k.push(to: L)
            v.push(to: L)
            lua_rawset(L, -3)
        }
    }
}

extension Dictionary: LuaReadable where Key: LuaReadable, Value: LuaReadable {
    /// Every pair of a table (raw); nil if a key or value has another type.
    public static func read(from L: OpaquePointer, at index: Int32) -> [Key: Value]? {
        guard lua_type(L, index) == LUA_TTABLE, hasStackRoom(L, 3) else { return nil }
        var out: [Key: Value] = [:]
        var failed = false
        LuaTable.forEachRaw(L, index) { _, _ in
            guard let k = Key.read(from: L, at: -2), let v = Value.read(from: L, at: -1) else {
                failed = true
                return false
            }
            out[k] = v
            return true
        }
        return failed ? nil : out
    }
    public static var luaTypeName: String { "table" }
}
