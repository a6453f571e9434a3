import CLua
import CLuaBridge

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

/// Copies Lua values out as `LuaData` with raw access only (no metamethod of the code that
/// made them runs), refusing cycles, values that are not data, and results past its budgets.
/// For values made by code the host does not trust (a sandbox's results): the budgets bound the
/// work an adversarial value can cause before it is refused, and each refusal says where.
///
/// A table whose keys are exactly 1...n is an array; any other table an object, number keys
/// written in decimal. A string met many times (the same Lua object) is converted once.
///
/// ```swift
/// var reader = LuaDataReader(maxValues: 10_000, maxStringBytes: 1 << 20)
/// let data = try reader.read(try lua.run("return {1, 2, x = 'y'}")[0], in: lua, path: "result")
/// ```
public struct LuaDataReader {
    /// Why a value cannot be copied out.
    public enum Refusal: Sendable, Equatable {
        /// More values than `maxValues` in all.
        case tooManyValues
        /// More bytes of strings than `maxStringBytes` (keys and values, each time they occur).
        case tooManyStringBytes(limit: Int)
        /// Tables nested deeper than `maxDepth`.
        case tooDeep(limit: Int)
        /// The Lua stack could not grow for one more level of nesting.
        case stackExhausted
        /// A table that holds itself, directly or further down.
        case cycle
        /// A table that `next` could not traverse.
        case unreadableTable
        /// A table key that is neither a string nor a number (its Lua type).
        case keyType(String)
        /// A function, userdata or thread (its Lua type).
        case valueType(String)
    }

    /// A refusal, and the path of the value refused (the `path` given to `read`, then
    /// ".key" for each level down: "result #1.items.3").
    public struct Failure: Error, Sendable, Equatable {
        public let path: String
        public let refusal: Refusal
    }

    /// Budget of values left to read.
    var remaining: Int
    /// Budget of string bytes left, counted before a string is converted: 300 references to
    /// one 8 MiB string are refused after the second, not copied 300 times.
    var bytesLeft: Int
    let maxStringBytes: Int
    let maxDepth: Int
    /// Strings converted so far, by their Lua object: a string referred to many times is
    /// converted once and shared (Swift strings are copy-on-write).
    var strings: [UnsafeRawPointer: String] = [:]
    /// The tables being read, from the top value down to the current one.
    var onPath: Set<UnsafeRawPointer> = []

    /// A reader with budgets shared by every value it reads.
    public init(maxValues: Int, maxStringBytes: Int = .max, maxDepth: Int = 200) {
        remaining = maxValues
        bytesLeft = maxStringBytes
        self.maxStringBytes = maxStringBytes
        self.maxDepth = maxDepth
    }

    /// Copies `value`, a value of `lua`, out; `path` names it in a `Failure`.
    public mutating func read(_ value: LuaValue, in lua: LuaState, path: String) throws -> LuaData {
        let L = lua.L
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        value.push(to: L)
        return try read(L, at: -1, path: path, depth: 0)
    }

    /// The string at `index`, counted against `bytesLeft` before it is converted.
    mutating func string(_ L: OpaquePointer, at index: Int32, path: String) throws -> String {
        let length = Int(lua_rawlen(L, index))
        bytesLeft -= length
        if bytesLeft < 0 { throw Failure(path: path, refusal: .tooManyStringBytes(limit: maxStringBytes)) }
        guard let id = lua_topointer(L, index) else { return String.read(from: L, at: index) ?? "" }
        if let known = strings[id] { return known }
        let s = String.read(from: L, at: index) ?? ""
        // Only long strings are worth remembering (Lua interns the short ones anyway, and the
        // table of them would cost more than it saves).
        if length > 64 { strings[id] = s }
        return s
    }

    mutating func read(_ L: OpaquePointer, at index: Int32, path: String, depth: Int) throws -> LuaData {
        remaining -= 1
        if remaining < 0 { throw Failure(path: path, refusal: .tooManyValues) }
        let index = lua_absindex(L, index)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .null
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if case .integer(let i) = LuaValue.from(L, at: index) { return .integer(i) }
            var ok: Int32 = 0
            return .number(lkb_tonumber(L, index, &ok))
        case LUA_TSTRING: return .string(try string(L, at: index, path: path))
        case LUA_TTABLE: return try readTable(L, at: index, path: path, depth: depth)
        default:
            throw Failure(path: path, refusal: .valueType(String(cString: lua_typename(L, lua_type(L, index)))))
        }
    }

    private mutating func readTable(_ L: OpaquePointer, at index: Int32, path: String, depth: Int) throws -> LuaData {
        guard depth < maxDepth else { throw Failure(path: path, refusal: .tooDeep(limit: maxDepth)) }
        // A key and a value at each level, and lua_next's own: more than the 20 slots Lua
        // promises once tables nest deep.
        guard lua_checkstack(L, 3) != 0 else { throw Failure(path: path, refusal: .stackExhausted) }
        guard let id = lua_topointer(L, index) else { return .null }
        guard onPath.insert(id).inserted else { throw Failure(path: path, refusal: .cycle) }
        defer { onPath.remove(id) }
        let length = Int(lua_rawlen(L, index))
        var array: [LuaData] = []
        var object: [String: LuaData] = [:]
        var pairs = 0
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_pushnil(L)
        while true {
            let r = lkb_next_p(L, index)
            if r < 0 { throw Failure(path: path, refusal: .unreadableTable) }
            if r == 0 { break }
            pairs += 1
            let key: String
            switch lua_type(L, -2) {
            case LUA_TSTRING: key = try string(L, at: -2, path: path)
            case LUA_TNUMBER: key = LuaValue.from(L, at: -2).description
            default:
                throw Failure(path: path, refusal: .keyType(String(cString: lua_typename(L, lua_type(L, -2)))))
            }
            let value = try read(L, at: -1, path: path + "." + key, depth: depth + 1)
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
