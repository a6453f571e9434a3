import CLua

/// A plain-data Lua value, copied out of a Lua state: what a table literal of data can build.
/// Functions, userdata, threads and tables with cycles have no `LuaData`; the readers that
/// copy values out refuse them, each with its own message and limits.
///
/// One type for every place where Lua data leaves Lua: the arguments into sandboxed code and
/// its results (PMOScripting's `SandboxValueReader`, the worker protocol's wire form below),
/// and data-only files, configs, manifests and lock files (PMOWorkspace's `DataFileEvaluator`).
///
/// ```swift
/// let args: [LuaData] = [.string("PRJ-042"), .object(["as_of": .string("2026-06-30")])]
/// ```
public enum LuaData: Sendable, Equatable {
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
    case array([LuaData])
    /// A Lua table with string keys (number keys are written in decimal).
    case object([String: LuaData])

    /// The Lua type name, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .array, .object: return "table"
        }
    }

    /// Lua's equality for numbers (`1 == 1.0`), structural for the rest; NaN equals NaN so
    /// that results compare in tests.
    public static func == (a: LuaData, b: LuaData) -> Bool {
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

extension LuaData: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `nil` is `.null`; the other literals map to the case of their type.
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: LuaData...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LuaData)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: wire form

/// On the wire (the sandbox worker's pipes) integers and floats stay distinct and non-finite
/// floats survive: null, booleans, strings and arrays are plain JSON; `{"i": 5}` is an integer,
/// `{"n": "0.1"}` a float (Swift's exact description), `{"o": {...}}` a table with string keys.
extension LuaData: Codable {
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
            self = .object(try keyed.decode([String: LuaData].self, forKey: .o))
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .boolean(b) }
        else if let s = try? single.decode(String.self) { self = .string(s) }
        else { self = .array(try single.decode([LuaData].self)) }
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

extension LuaData: LuaPushable {
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
