import CLua
import CLuaBridge
import LuaKit

/// A value that crosses the sandbox boundary: arguments into sandboxed code and results out of
/// it. Only plain data crosses; functions, userdata, threads and tables with cycles are refused.
///
/// ```swift
/// let args: [SandboxValue] = [.string("PRJ-042"), .object(["as_of": .string("2026-06-30")])]
/// ```
public enum SandboxValue: Sendable, Equatable {
    /// Lua's nil.
    case null
    /// A boolean.
    case boolean(Bool)
    /// A Lua integer (`math.type(v) == "integer"`).
    case integer(Int)
    /// A Lua float, NaN and infinities included.
    case number(Double)
    /// A string; bytes that are not UTF-8 are repaired on the way out.
    case string(String)
    /// A Lua sequence `{v1, v2, ...}`; an empty table comes out as an empty array.
    case array([SandboxValue])
    /// A Lua table with string keys (number keys are written in decimal).
    case object([String: SandboxValue])

    /// Lua's equality for numbers (`1 == 1.0`), structural for the rest; NaN equals NaN so
    /// that results compare in tests.
    public static func == (a: SandboxValue, b: SandboxValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)): return Double(x) == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }
}

extension SandboxValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `nil` is `.null`; the other literals map to the case of their type.
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: SandboxValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, SandboxValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: wire form

/// On the wire (worker pipes) integers and floats stay distinct and non-finite floats survive:
/// null, booleans, strings and arrays are plain JSON; `{"i": 5}` is an integer, `{"n": "0.1"}` a
/// float (Swift's exact description), `{"o": {...}}` a table with string keys.
extension SandboxValue: Codable {
    private enum Tag: String, CodingKey { case i, n, o }

    /// Reads the wire form described above.
    public init(from decoder: Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Tag.self) {
            if let i = try keyed.decodeIfPresent(Int.self, forKey: .i) { self = .integer(i); return }
            if let n = try keyed.decodeIfPresent(String.self, forKey: .n) {
                guard let d = Double(n) else {
                    throw DecodingError.dataCorruptedError(forKey: .n, in: keyed, debugDescription: "bad float \(n)")
                }
                self = .number(d)
                return
            }
            self = .object(try keyed.decode([String: SandboxValue].self, forKey: .o))
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .boolean(b) }
        else if let s = try? single.decode(String.self) { self = .string(s) }
        else { self = .array(try single.decode([SandboxValue].self)) }
    }

    /// Writes the wire form described above.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .integer(let i):
            var c = encoder.container(keyedBy: Tag.self)
            try c.encode(i, forKey: .i)
        case .number(let d):
            var c = encoder.container(keyedBy: Tag.self)
            try c.encode(String(describing: d), forKey: .n)
        case .object(let o):
            var c = encoder.container(keyedBy: Tag.self)
            try c.encode(o, forKey: .o)
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .boolean(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let a):
            var c = encoder.singleValueContainer()
            try c.encode(a)
        }
    }
}

// MARK: to and from Lua

extension SandboxValue: LuaPushable {
    /// Pushes the value as fresh Lua data (never raises: no metamethods are involved). Each
    /// level of a table asks Lua for the stack slots it takes (three), since a value may nest
    /// as deep as the reader lets through; should the stack not grow (its hard limit, or no
    /// memory), the table is pushed as nil rather than past the stack's end.
    public func push(to L: OpaquePointer) {
        switch self {
        case .array, .object:
            guard lua_checkstack(L, 3) != 0 else { return lua_pushnil(L) }
        default:
            break
        }
        switch self {
        case .null: lua_pushnil(L)
        case .boolean(let b): b.push(to: L)
        case .integer(let i): i.push(to: L)
        case .number(let d): d.push(to: L)
        case .string(let s): s.push(to: L)
        case .array(let a):
            lua_createtable(L, Int32(clamping: a.count), 0)
            for (i, v) in a.enumerated() {
                v.push(to: L)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
        case .object(let o):
            lua_createtable(L, 0, Int32(clamping: o.count))
            for (k, v) in o {
                k.push(to: L)
                v.push(to: L)
                lua_rawset(L, -3)
            }
        }
    }
}

/// Reads Lua values into `SandboxValue`s with raw access only (no metamethod of sandboxed code
/// runs in the host), refusing cycles, non-data values and oversized results.
struct SandboxValueReader {
    let L: OpaquePointer
    /// Budget of values left to read; bounds the work on a huge or adversarial result.
    var remaining: Int
    /// Budget of string bytes left (keys and values, each time they occur, as the result's
    /// JSON will hold them), counted before a string is converted: 300 references to one
    /// 8 MiB string are 2.4 GB on the wire, refused after the second, not copied 300 times.
    var bytesLeft: Int
    /// Strings converted so far, by their Lua object: a string referred to many times is
    /// converted once and shared (Swift strings are copy-on-write).
    var strings: [UnsafeRawPointer: String] = [:]
    let maxBytes: Int
    var onPath: Set<UnsafeRawPointer> = []
    static let maxDepth = 200

    init(_ L: OpaquePointer, maxValues: Int, maxBytes: Int = .max) {
        self.L = L
        self.remaining = maxValues
        self.bytesLeft = maxBytes
        self.maxBytes = maxBytes
    }

    /// The string at `index`, counted against `bytesLeft` before it is converted.
    mutating func string(at index: Int32, path: String) throws -> String {
        let length = Int(lua_rawlen(L, index))
        bytesLeft -= length
        if bytesLeft < 0 {
            throw SandboxError(kind: .result, message: "\(path): the result holds more than \(maxBytes) bytes of strings, too many to leave the sandbox")
        }
        guard let id = lua_topointer(L, index) else { return String.read(from: L, at: index) ?? "" }
        if let known = strings[id] { return known }
        let s = String.read(from: L, at: index) ?? ""
        // Only long strings are worth remembering (Lua interns the short ones anyway, and the
        // table of them would cost more than it saves).
        if length > 64 { strings[id] = s }
        return s
    }

    /// Reads the value at `index`; `path` names it in errors ("result #1.items[3]").
    mutating func read(at index: Int32, path: String, depth: Int = 0) throws -> SandboxValue {
        remaining -= 1
        if remaining < 0 { throw SandboxError(kind: .result, message: "\(path): the result is too large to leave the sandbox") }
        let index = lua_absindex(L, index)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .null
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if case .integer(let i) = LuaValue.from(L, at: index) { return .integer(i) }
            var ok: Int32 = 0
            return .number(lkb_tonumber(L, index, &ok))
        case LUA_TSTRING: return .string(try string(at: index, path: path))
        case LUA_TTABLE: return try readTable(at: index, path: path, depth: depth)
        default:
            let type = String(cString: lua_typename(L, lua_type(L, index)))
            throw SandboxError(kind: .result, message: "\(path): a \(type) cannot leave the sandbox (only nil, booleans, numbers, strings and tables of them can)")
        }
    }

    private mutating func readTable(at index: Int32, path: String, depth: Int) throws -> SandboxValue {
        guard depth < Self.maxDepth else {
            throw SandboxError(kind: .result, message: "\(path): tables nested more than \(Self.maxDepth) deep cannot leave the sandbox")
        }
        // A key and a value at each level, and lua_next's own: more than the 20 slots Lua
        // promises once tables nest deep.
        guard lua_checkstack(L, 3) != 0 else {
            throw SandboxError(kind: .result, message: "\(path): the Lua stack cannot hold tables nested this deep")
        }
        guard let id = lua_topointer(L, index) else { return .null }
        guard onPath.insert(id).inserted else {
            throw SandboxError(kind: .result, message: "\(path): the table refers to itself (a cycle) and cannot leave the sandbox")
        }
        defer { onPath.remove(id) }
        let length = Int(lua_rawlen(L, index))
        var array: [SandboxValue] = []
        var object: [String: SandboxValue] = [:]
        var pairs = 0
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_pushnil(L)
        while true {
            let r = lkb_next_p(L, index)
            if r < 0 { throw SandboxError(kind: .result, message: "\(path): the table could not be read") }
            if r == 0 { break }
            pairs += 1
            let key: String
            switch lua_type(L, -2) {
            case LUA_TSTRING: key = try string(at: -2, path: path)
            case LUA_TNUMBER: key = LuaValue.from(L, at: -2).description
            default:
                throw SandboxError(kind: .result, message: "\(path): a table key of type \(String(cString: lua_typename(L, lua_type(L, -2)))) cannot leave the sandbox")
            }
            let value = try read(at: -1, path: path + "." + key, depth: depth + 1)
            object[key] = value
            lua_settop(L, -2)
            if remaining < 0 { break }
        }
        if pairs == length {
            // Every key is 1...length: a sequence.
            array.reserveCapacity(length)
            for i in 1...max(length, 1) where length > 0 {
                guard let v = object[String(i)] else { return .object(object) }
                array.append(v)
            }
            return .array(array)
        }
        return .object(object)
    }
}
