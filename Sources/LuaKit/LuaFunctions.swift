import CLua
import CLuaBridge

/// The body of a Swift function callable from Lua: it reads its arguments and pushes its
/// results through the `LuaCall`, and returns how many it pushed. Throwing raises a Lua error
/// once the Swift frames have returned (DESIGN.md, decision 1).
public typealias LuaCFunctionBody = (LuaCall) throws -> Int32

/// The basic types of Lua values (`lua_type`), and `none` for a stack slot past the top.
public enum LuaType: Sendable, Equatable {
    case none, `nil`, boolean, lightUserdata, number, string, table, function, userdata, thread

    init(code: Int32) {
        switch code {
        case LUA_TNIL: self = .nil
        case LUA_TBOOLEAN: self = .boolean
        case LUA_TLIGHTUSERDATA: self = .lightUserdata
        case LUA_TNUMBER: self = .number
        case LUA_TSTRING: self = .string
        case LUA_TTABLE: self = .table
        case LUA_TFUNCTION: self = .function
        case LUA_TUSERDATA: self = .userdata
        case LUA_TTHREAD: self = .thread
        default: self = .none
        }
    }

    /// The name Lua gives the type (`type(v)`, `lua_typename`): "no value" for `none`, and
    /// "userdata" for both kinds of userdata.
    public var name: String {
        switch self {
        case .none: return "no value"
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .lightUserdata, .userdata: return "userdata"
        case .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        case .thread: return "thread"
        }
    }
}

/// What a Swift function throws to raise a Lua error.
/// (It carries Lua references, so it is only meant for the thread of its state.)
public enum LuaRaise: Error, @unchecked Sendable {
    /// An error message, prefixed with the caller's position as `error()` does.
    case message(String)
    /// A bad argument: `bad argument #n to 'f' (reason)`.
    case argument(Int32, String)
    /// An error value raised as is (a table, say).
    case value(LuaValue)
    /// Lua's memory error (status LUA_ERRMEM, "not enough memory"), for work the function
    /// refused because its result would not fit under the state's memory cap. The reason is
    /// for Swift callers and logs; Lua's memory error carries no message of its own.
    case memory(String)
}

@usableFromInline
final class FunctionBox {
    let name: String
    let body: LuaCFunctionBody
    init(name: String, body: @escaping LuaCFunctionBody) {
        self.name = name
        self.body = body
    }
}

/// A Swift closure to push as a Lua function.
///
/// ```swift
/// lua.setGlobal("add", LuaFunctionValue(name: "add") { call in
///     call.push(try call.argument(1, as: Double.self) + call.argument(2, as: Double.self))
///     return 1
/// })
/// ```
public struct LuaFunctionValue: LuaPushable {
    let box: FunctionBox
    public init(name: String, _ body: @escaping LuaCFunctionBody) {
        box = FunctionBox(name: name, body: body)
    }
    public func push(to L: OpaquePointer) {
        lkb_pushfunction(L, Unmanaged.passRetained(box).toOpaque())
    }
}

/// The arguments and results of one call from Lua into Swift. Arguments are 1-based stack
/// indexes; results are pushed and counted by the function's return value.
public struct LuaCall {
    /// The raw `lua_State *`: LuaKit's alone (its `LuaTableBuilder`, argument readers...);
    /// `unsafeRawState` is the one door out, for the bridge benchmark.
    @usableFromInline let L: OpaquePointer
    @usableFromInline unowned(unsafe) let box: FunctionBox

    /// The function's name, as errors print it.
    public var name: String { box.name }

    /// The number of arguments.
    public var count: Int32 { lua_gettop(L) }

    /// Argument `i` as `T`, or a Lua-style argument error.
    @inlinable
    public func argument<T: LuaReadable>(_ i: Int32, as type: T.Type = T.self) throws -> T {
        if let v = T.read(from: L, at: i) { return v }
        throw typeError(i, expected: T.luaTypeName)
    }

    /// Argument `i` as `T`, nil when absent or nil, or an argument error for another type.
    @inlinable
    public func optional<T: LuaReadable>(_ i: Int32, as type: T.Type = T.self) throws -> T? {
        if lkb_isnoneornil(L, i) != 0 { return nil }
        return try argument(i, as: type)
    }

    /// Argument `i` as any value.
    public func value(_ i: Int32) -> LuaValue { LuaValue.from(L, at: i) }

    /// Every argument, for variadic functions.
    public var arguments: [LuaValue] { (0..<count).map { value($0 + 1) } }

    /// The Lua type of argument `i` (`.none` past the last argument).
    public func type(_ i: Int32) -> LuaType { LuaType(code: lua_type(L, i)) }

    /// Argument `i` must be of the Lua type `t`, as luaL_checktype has it.
    public func check(_ i: Int32, type t: LuaType) throws {
        if type(i) != t { throw typeError(i, expected: t.name) }
    }

    /// Argument `i` must be present (it may be nil).
    public func checkAny(_ i: Int32) throws {
        if lua_type(L, i) == LUA_TNONE { throw LuaRaise.argument(i, "value expected") }
    }

    /// The error Lua's luaL_typeerror would raise for argument `i`.
    public func typeError(_ i: Int32, expected: String) -> LuaRaise {
        let got = lua_type(L, i) == LUA_TNONE ? "no value" : LuaCall.typeName(L, i)
        return .argument(i, "\(expected) expected, got \(got)")
    }

    /// Pushes a result.
    @inlinable
    public func push(_ value: LuaPushable) { value.push(to: L) }

    /// Pushes results and returns their count, for `return call.returning(a, b)`.
    public func returning(_ values: LuaPushable...) -> Int32 {
        for v in values { v.push(to: L) }
        return Int32(values.count)
    }

    /// The type name Lua's error messages use: `__name` if the metatable has a string one.
    public static func typeName(_ L: OpaquePointer, _ i: Int32) -> String {
        if luaL_getmetafield(L, i, "__name") == LUA_TSTRING {
            let s = String.read(from: L, at: -1) ?? "?"
            lua_settop(L, -2)
            return s
        }
        if lua_type(L, i) == LUA_TLIGHTUSERDATA { return "light userdata" }
        return String(cString: lua_typename(L, lua_type(L, i)))
    }
}

enum LuaCallbacks {
    static func install() {
        lkb_setcallbacks(dispatch, release)
    }

    static let dispatch: lkb_dispatch_fn = { L, box in
        let L = L!
        return Unmanaged<FunctionBox>.fromOpaque(box!)._withUnsafeGuaranteedRef { fb in
            do {
                return try fb.body(LuaCall(L: L, box: fb))
            } catch {
                return raise(L, error, functionName: fb.name)
            }
        }
    }

    static let release: lkb_release_fn = { box in
        Unmanaged<AnyObject>.fromOpaque(box!).release()
    }

    /// Pushes the error for `error` and says how the trampoline must raise it.
    static func raise(_ L: OpaquePointer, _ error: Error, functionName: String) -> Int32 {
        switch error {
        case LuaRaise.message(let m):
            m.push(to: L)
            return Int32(LKB_RAISE_WHERE)
        case LuaRaise.argument(var i, let reason):
            var name = functionName
            var ar = lua_Debug()
            if lua_getstack(L, 0, &ar) != 0, lua_getinfo(L, "n", &ar) != 0 {
                if let n = ar.name, name.isEmpty { name = String(cString: n) }
                if let w = ar.namewhat, String(cString: w) == "method" {
                    i -= 1
                    if i == 0 {
                        "calling '\(name)' on bad self (\(reason))".push(to: L)
                        return Int32(LKB_RAISE_WHERE)
                    }
                }
            }
            "bad argument #\(i) to '\(name)' (\(reason))".push(to: L)
            return Int32(LKB_RAISE_WHERE)
        case LuaRaise.value(let v):
            v.push(to: L)
            return Int32(LKB_RAISE)
        case LuaRaise.memory(let reason):
            reason.push(to: L)
            return Int32(LKB_RAISE_MEMORY)
        case let e as LuaError:
            // Already positioned by Lua; a limit keeps tripping on its own.
            e.fullMessage.push(to: L)
            return Int32(LKB_RAISE)
        default:
            String(describing: error).push(to: L)
            return Int32(LKB_RAISE_WHERE)
        }
    }
}
