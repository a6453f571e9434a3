#if canImport(Glibc)
import Glibc
#endif
import CLua
import CLuaBridge

/// Any Lua value, for code that does not know the type in advance.
///
/// Tables, functions, userdata and threads are held by reference (`LuaRef`), valid while the
/// state lives.
public enum LuaValue: LuaPushable, LuaReadable, CustomStringConvertible {
    case `nil`
    case boolean(Bool)
    case integer(Int)
    case number(Double)
    case string(LuaString)
    case table(LuaTable)
    case function(LuaFunction)
    case userdata(LuaRef)
    case lightUserdata(UnsafeMutableRawPointer?)
    case thread(LuaRef)

    public static func read(from L: OpaquePointer, at index: Int32) -> LuaValue? {
        LuaValue.from(L, at: index)
    }
    public static var luaTypeName: String { "value" }

    /// Reads any value (never fails). Reference types need the owning state, found through
    /// the registry, so they are read with `LuaState.value(at:)`; this reads them too.
    public static func from(_ L: OpaquePointer, at index: Int32) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 {
                var ok: Int32 = 0
                return .integer(Int(lkb_tointeger(L, index, &ok)))
            }
            var ok: Int32 = 0
            return .number(lkb_tonumber(L, index, &ok))
        case LUA_TSTRING: return .string(LuaString.read(from: L, at: index)!)
        case LUA_TTABLE: return .table(LuaTable(L, copying: index))
        case LUA_TFUNCTION: return .function(LuaFunction(L, copying: index))
        case LUA_TLIGHTUSERDATA: return .lightUserdata(lua_touserdata(L, index))
        case LUA_TTHREAD: return .thread(LuaRef(L, copying: index))
        default: return .userdata(LuaRef(L, copying: index))
        }
    }

    public func push(to L: OpaquePointer) {
        switch self {
        case .nil: lua_pushnil(L)
        case .boolean(let b): b.push(to: L)
        case .integer(let i): i.push(to: L)
        case .number(let d): d.push(to: L)
        case .string(let s): s.push(to: L)
        case .table(let r as LuaRef), .function(let r as LuaRef), .userdata(let r), .thread(let r):
            r.push(to: L)
        case .lightUserdata(let p): lua_pushlightuserdata(L, p)
        }
    }

    /// Lua's truthiness: everything but nil and false.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): return false
        default: return true
        }
    }

    public var isNil: Bool { if case .nil = self { return true } else { return false } }

    /// The Lua type name.
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        case .userdata, .lightUserdata: return "userdata"
        case .thread: return "thread"
        }
    }

    public var intValue: Int? {
        switch self {
        case .integer(let i): return i
        case .number(let d):
            var out: Int64 = 0
            return lkb_floatisinteger(d, &out) != 0 ? Int(out) : nil
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s.string }
        return nil
    }

    public var tableValue: LuaTable? {
        if case .table(let t) = self { return t }
        return nil
    }

    public var functionValue: LuaFunction? {
        if case .function(let f) = self { return f }
        return nil
    }

    public var description: String {
        switch self {
        case .nil: return "nil"
        case .boolean(let b): return String(b)
        case .integer(let i): return String(i)
        case .number(let d): return LuaValue.format(d)
        case .string(let s): return s.string
        case .table(let r): return "table: \(r.id)"
        case .function(let r): return "function: \(r.id)"
        case .userdata(let r): return "userdata: \(r.id)"
        case .lightUserdata(let p): return "userdata: \(String(describing: p))"
        case .thread(let r): return "thread: \(r.id)"
        }
    }

    /// A float as Lua's `%.14g` prints it.
    public static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var s = String(format14g: d)
        if !s.contains(where: { $0 == "." || $0 == "e" || $0 == "n" || $0 == "i" }) { s += ".0" }
        return s
    }
}

extension LuaValue: Equatable {
    /// Raw equality: numbers by value (an integer equals the float of the same value), strings by
    /// bytes, references by identity.
    public static func == (a: LuaValue, b: LuaValue) -> Bool {
        switch (a, b) {
        case (.nil, .nil): return true
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)):
            return Double(x) == y && Int(exactly: y) == x
        case (.string(let x), .string(let y)): return x == y
        case (.lightUserdata(let x), .lightUserdata(let y)): return x == y
        case (.table(let x as LuaRef), .table(let y as LuaRef)),
             (.function(let x as LuaRef), .function(let y as LuaRef)),
             (.userdata(let x), .userdata(let y)), (.thread(let x), .thread(let y)):
            return x.rawEquals(y)
        default: return false
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
}

extension String {
    init(format14g d: Double) {
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([d]) { vsnprintf(&buf, 64, "%.14g", $0) }
        self = buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
