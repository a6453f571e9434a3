import CLua
import CLuaBridge

/// A reference from Swift to a Lua value (kept in the registry), valid while the state lives.
/// After the state closes, operations on it throw and pushing it pushes nil.
public class LuaRef {
    let core: LuaCore
    let ref: Int32

    /// References the value at `index` of the stack of a LuaKit state.
    init(_ L: OpaquePointer, copying index: Int32) {
        core = LuaCore.of(L)
        lua_pushvalue(L, index)
        ref = luaL_ref(L, lkb_registryindex())
    }

    /// References the value on top of the stack and pops it.
    init(popping state: LuaState) {
        core = state.core
        ref = luaL_ref(state.L, lkb_registryindex())
    }

    deinit {
        if let L = core.L { luaL_unref(L, lkb_registryindex(), ref) }
    }

    /// Whether the owning state is still open.
    public var isValid: Bool { core.L != nil }

    func push(to L: OpaquePointer) {
        guard core.L != nil else { lua_pushnil(L); return }
        lua_rawgeti(L, lkb_registryindex(), lua_Integer(ref))
    }

    func liveState() throws -> OpaquePointer {
        guard let L = core.L else {
            throw LuaError(kind: .runtime, message: "the Lua state of this reference is closed")
        }
        return L
    }

    /// An identifier for printing (the value's address in Lua).
    var id: String {
        guard let L = core.L else { return "(closed)" }
        push(to: L)
        defer { lua_settop(L, -2) }
        // "0x55d0c2a4e2a0", as Lua's tostring shows it (not "Optional(0x...)").
        guard let p = lua_topointer(L, -1) else { return "0x0" }
        return String(describing: p)
    }

    /// Whether both references name the same Lua value (`rawequal`).
    public func rawEquals(_ other: LuaRef) -> Bool {
        guard let L = core.L, other.core === core else { return false }
        push(to: L)
        other.push(to: L)
        defer { lua_settop(L, -3) }
        return lua_rawequal(L, -1, -2) != 0
    }
}

extension LuaCore {
    static let registryKey = "lkb.core"

    /// The core of a LuaKit state, from any of its threads.
    static func of(_ L: OpaquePointer) -> LuaCore {
        // The registry has no metatable, so lua_getfield/lua_setfield on it run no metamethod
        // and cannot raise (decision 1).
        lua_getfield(L, lkb_registryindex(), registryKey)
        let p = lua_touserdata(L, -1)!
        lua_settop(L, -2)
        return Unmanaged<LuaCore>.fromOpaque(p).takeUnretainedValue()
    }

    /// Records the core in the registry; the LuaState keeps it alive.
    func install() {
        guard let L else { return }
        lua_pushlightuserdata(L, Unmanaged.passUnretained(self).toOpaque())
        lua_setfield(L, lkb_registryindex(), LuaCore.registryKey)
    }
}

/// A Lua table held from Swift.
///
/// ```swift
/// let t = try lua.run("return {x = 1, 'a'}")[0].tableValue!
/// t["x"]          // .integer(1)
/// t[1]            // .string("a")
/// ```
public final class LuaTable: LuaRef, LuaPushable {
    public override func push(to L: OpaquePointer) { super.push(to: L) }

    /// Raw read (no metamethods).
    public subscript(key: LuaPushable) -> LuaValue {
        get {
            guard let L = core.L else { return .nil }
            push(to: L)
            key.push(to: L)
            lua_rawget(L, -2)
            let v = LuaValue.from(L, at: -1)
            lua_settop(L, -3)
            return v
        }
    }

    /// Raw write (no metamethods). Writing with a nil or NaN key is ignored.
    public func rawset(_ key: LuaPushable, _ value: LuaPushable) {
        guard let L = core.L else { return }
        push(to: L)
        key.push(to: L)
        let kt = lua_type(L, -1)
        var ok: Int32 = 0
        let isNaN = kt == LUA_TNUMBER && lkb_tonumber(L, -1, &ok).isNaN
        if kt == LUA_TNIL || isNaN { lua_settop(L, -3); return }
        value.push(to: L)
        lua_rawset(L, -3)
        lua_settop(L, -2)
    }

    /// `t[key]` with metamethods, protected.
    public func get(_ key: LuaPushable) throws -> LuaValue {
        let L = try liveState()
        push(to: L)
        key.push(to: L)
        let status = lkb_gettable_p(L, -2)
        if status != LUA_OK {
            let e = LuaError.pop(L, status)
            lua_settop(L, -2)
            throw e
        }
        let v = LuaValue.from(L, at: -1)
        lua_settop(L, -3)
        return v
    }

    /// `t[key] = value` with metamethods, protected.
    public func set(_ key: LuaPushable, _ value: LuaPushable) throws {
        let L = try liveState()
        push(to: L)
        key.push(to: L)
        value.push(to: L)
        let status = lkb_settable_p(L, -3)
        if status != LUA_OK {
            let e = LuaError.pop(L, status)
            lua_settop(L, -2)
            throw e
        }
        lua_settop(L, -2)
    }

    /// The table's metatable, or nil (`lua_getmetatable`, which runs no metamethod).
    public var metatable: LuaTable? {
        guard let L = core.L else { return nil }
        push(to: L)
        defer { lua_settop(L, -2) }
        guard lua_getmetatable(L, -1) != 0 else { return nil }
        let mt = LuaTable(L, copying: -1)
        lua_settop(L, -2)
        return mt
    }

    /// The raw length `rawlen(t)`.
    public var count: Int {
        guard let L = core.L else { return 0 }
        push(to: L)
        defer { lua_settop(L, -2) }
        return Int(lua_rawlen(L, -1))
    }

    /// All pairs (raw, in `next` order).
    public var pairs: [(key: LuaValue, value: LuaValue)] {
        guard let L = core.L else { return [] }
        push(to: L)
        defer { lua_settop(L, -2) }
        var out: [(LuaValue, LuaValue)] = []
        LuaTable.forEachRaw(L, -1) { _, _ in
            out.append((LuaValue.from(L, at: -2), LuaValue.from(L, at: -1)))
            return true
        }
        return out
    }

    /// The array part 1...#t.
    public var array: [LuaValue] {
        (0..<count).map { self[$0 + 1] }
    }

    /// Visits every pair of the table at `index` with the key at -2 and the value at -1; the
    /// body returns false to stop. The stack is balanced afterwards.
    static func forEachRaw(_ L: OpaquePointer, _ index: Int32, _ body: (Int32, Int32) -> Bool) {
        let t = lua_absindex(L, index)
        let top = lua_gettop(L)
        lua_pushnil(L)
        while true {
            let r = lkb_next_p(L, t)
            if r <= 0 { break }
            let go = body(-2, -1)
            lua_settop(L, -2)  // keep the key
            if !go { break }
        }
        lua_settop(L, top)
    }
}

/// A Lua function held from Swift. Calls are always protected.
///
/// ```swift
/// let f = try lua.load("return ... * 2")
/// try f.call(21)      // [.integer(42)]
/// ```
public final class LuaFunction: LuaRef, LuaPushable {
    public override func push(to L: OpaquePointer) { super.push(to: L) }

    /// Room for the function and its arguments: Lua promises only 20 free slots.
    private func reserveStack(_ L: OpaquePointer, _ arguments: Int) throws {
        guard arguments < Int(Int32.max) - 1, lua_checkstack(L, Int32(arguments) + 1) != 0 else {
            throw LuaError(kind: .memory, message: "the Lua stack cannot hold \(arguments) arguments")
        }
    }

    /// Calls the function with the arguments and returns all its results.
    @discardableResult
    public func call(_ args: LuaPushable...) throws -> [LuaValue] {
        try call(arguments: args)
    }

    /// Calls the function with an array of arguments and returns all its results.
    @discardableResult
    public func call(arguments args: [LuaPushable]) throws -> [LuaValue] {
        try call(args, throughC: false)
    }

    /// Calls the function as the stock `lua` interpreter calls a script: through a C function,
    /// so that an error's traceback ends with that frame ("[C]: in ?") as `lua`'s does.
    @discardableResult
    public func callAsScript(arguments args: [LuaPushable]) throws -> [LuaValue] {
        try call(args, throughC: true)
    }

    private func call(_ args: [LuaPushable], throughC: Bool) throws -> [LuaValue] {
        let L = try liveState()
        try reserveStack(L, args.count + 1)
        let base = lua_gettop(L)
        if throughC { lkb_pushcaller(L) }
        push(to: L)
        for a in args { a.push(to: L) }
        let status = lkb_pcall(L, Int32(args.count + (throughC ? 1 : 0)), LUA_MULTRET)
        if status != LUA_OK { throw LuaError.pop(L, status) }
        let n = lua_gettop(L) - base
        var out: [LuaValue] = []
        out.reserveCapacity(Int(n))
        for i in 0..<n { out.append(LuaValue.from(L, at: base + 1 + i)) }
        lua_settop(L, base)
        return out
    }

    /// Calls the function and reads its first result as `T`; nil when absent or of another type.
    public func call<T: LuaReadable>(returning: T.Type, _ args: LuaPushable...) throws -> T? {
        let L = try liveState()
        try reserveStack(L, args.count)
        let base = lua_gettop(L)
        push(to: L)
        for a in args { a.push(to: L) }
        let status = lkb_pcall(L, Int32(args.count), 1)
        if status != LUA_OK { throw LuaError.pop(L, status) }
        defer { lua_settop(L, base) }
        return T.read(from: L, at: -1)
    }
}
