import CLua
import CLuaBridge

/// Builds Lua tables on the stack of a Swift function called from Lua (a `LuaCall`): many
/// tables of one shape, such as the rows of a query, fast and without stack arithmetic.
///
/// - **Slots it reserves.** The builder checks once, up front, that the stack has room for
///   what it will hold, and names each value it holds by a `Slot` (a key, a metatable, a cache)
///   rather than by a hand-counted index.
/// - **Keys interned once.** A key held in a slot is a Lua string made once; each field then
///   costs a push of that slot and a raw set, not the hashing of a key string.
/// - **Raw, so nothing raises.** Fields are set with `lua_rawset`, metatables with
///   `lua_setmetatable`: no metamethod runs, so no Lua error can start under the Swift frames
///   of the call (DESIGN.md, decision 1). Lua's memory errors cannot either: the state's
///   allocator refuses nothing under a Swift frame (the memory cap is enforced by the caller,
///   with `memoryUsed` and `memoryLimit`, before it makes more).
///
/// Values are pushed on top of the stack and consumed by the operations below them, as in
/// Lua's C API; `finish(returning:)` leaves one value where the builder began and drops
/// everything it held.
///
/// ```swift
/// var b = try LuaTableBuilder(call, reserving: 4)
/// let name = b.hold("name")
/// b.newTable(fields: 1)
/// b.push(name); b.push(string: "PRJ-001"); b.setField()
/// b.finish(returning: b.top)      // the table is the call's one result
/// ```
public struct LuaTableBuilder {
    @usableFromInline let L: OpaquePointer
    /// The first stack index the builder uses.
    public let start: Slot

    /// A stack slot: a value the builder holds (`hold`), or the value on top (`top`).
    public struct Slot: Equatable, Sendable {
        @usableFromInline let index: Int32
        @inlinable init(_ index: Int32) { self.index = index }
    }

    /// A builder above the call's arguments, with room for `slots` more values; a stack
    /// that cannot grow so far is a Lua error, thrown.
    public init(_ call: LuaCall, reserving slots: Int) throws {
        L = call.L
        guard slots >= 0, slots < 1_000_000, lua_checkstack(L, Int32(slots) + 4) != 0 else {
            throw LuaRaise.message("the Lua stack is full")
        }
        start = Slot(lua_gettop(L) + 1)
    }

    /// Argument `i` (1-based) of the call, as a slot.
    @inlinable public func argument(_ i: Int32) -> Slot { Slot(i) }

    /// The value on top of the stack, as a slot (valid while it stays there).
    @inlinable public var top: Slot { Slot(lua_gettop(L)) }

    // MARK: - Holding values

    /// Holds `key` (any string) in a new slot.
    @discardableResult
    public func hold(_ key: String) -> Slot {
        key.push(to: L)
        return top
    }

    /// Holds the value of `ref` (a metatable, say) in a new slot.
    @discardableResult
    public func hold(_ ref: LuaRef) -> Slot {
        ref.push(to: L)
        return top
    }

    /// Holds a new empty table (a cache, a result list) in a new slot.
    @discardableResult
    @inlinable public func holdTable(array: Int32 = 0, fields: Int32 = 0) -> Slot {
        lua_createtable(L, array, fields)
        return top
    }

    /// Holds nil in a new slot (to be filled by `copyTop(to:)`).
    @discardableResult
    @inlinable public func holdNil() -> Slot {
        lua_pushnil(L)
        return top
    }

    /// Holds `field` of the table at `table`, read raw; returns the slot and whether the field
    /// was absent (nil). A value at `table` that is not a table holds nil.
    @discardableResult
    public func hold(field: String, of table: Slot) -> (slot: Slot, isNil: Bool) {
        guard lua_type(L, table.index) == LUA_TTABLE else {
            lua_pushnil(L)
            return (top, true)
        }
        field.push(to: L)
        let isNil = lua_rawget(L, table.index) == LUA_TNIL
        return (top, isNil)
    }

    /// Whether the value at `slot` is a table.
    @inlinable public func isTable(_ slot: Slot) -> Bool { lua_type(L, slot.index) == LUA_TTABLE }

    // MARK: - Pushing values

    /// Pushes a new table, sized for `array` sequence items and `fields` other fields.
    @inlinable public func newTable(array: Int32 = 0, fields: Int32 = 0) { lua_createtable(L, array, fields) }
    /// Pushes a copy of the value at `slot`.
    @inlinable public func push(_ slot: Slot) { lua_pushvalue(L, slot.index) }
    @inlinable public func push(integer v: Int64) { lua_pushinteger(L, lua_Integer(v)) }
    @inlinable public func push(number v: Double) { lua_pushnumber(L, v) }
    @inlinable public func push(boolean v: Bool) { lua_pushboolean(L, v ? 1 : 0) }
    @inlinable public func push(string v: String) { v.push(to: L) }
    /// Pushes a Lua string of `count` bytes from `bytes` (Lua copies them).
    @inlinable public func push(bytes: UnsafePointer<UInt8>, count: Int) {
        bytes.withMemoryRebound(to: CChar.self, capacity: count) { _ = lua_pushlstring(L, $0, count) }
    }
    /// Pushes the empty string.
    @inlinable public func pushEmptyString() { _ = lua_pushlstring(L, "", 0) }
    /// Drops the `n` values on top.
    @inlinable public func pop(_ n: Int32 = 1) { lua_settop(L, -n - 1) }

    // MARK: - Setting fields

    /// Sets a field of the table below the two values on top: the key (second from the top)
    /// to the value (on top), raw; pops both.
    @inlinable public func setField() { lua_rawset(L, -3) }
    /// Pops the value on top into item `n` of the table at `list`, raw.
    @inlinable public func append(to list: Slot, at n: Int) { lua_rawseti(L, list.index, lua_Integer(n)) }
    /// Pops the value on top and makes it the metatable of the value below it.
    @inlinable public func attachMetatable() { lua_setmetatable(L, -2) }
    /// Gives the value on top the metatable at `metatable`.
    @inlinable public func setMetatable(_ metatable: Slot) {
        lua_pushvalue(L, metatable.index)
        lua_setmetatable(L, -2)
    }
    /// Pushes the metatable of the value at `slot` and returns true; false (nothing pushed)
    /// when it has none.
    @inlinable public func pushMetatable(of slot: Slot) -> Bool { lua_getmetatable(L, slot.index) != 0 }
    /// Pushes item `n` of the table at `table`, raw.
    @inlinable public func push(item n: Int, of table: Slot) { lua_rawgeti(L, table.index, lua_Integer(n)) }

    // MARK: - Caches and slots

    /// Pushes item `n` of the table at `cache` and returns true when it is there; false, with
    /// nothing pushed, when it is nil.
    @inlinable public func pushCached(_ cache: Slot, _ n: Int64) -> Bool {
        if lua_rawgeti(L, cache.index, lua_Integer(n)) != LUA_TNIL { return true }
        lua_settop(L, -2)
        return false
    }
    /// Stores the value on top as item `n` of the table at `cache`, and keeps it on top.
    @inlinable public func cacheTop(in cache: Slot, at n: Int64) {
        lua_pushvalue(L, -1)
        lua_rawseti(L, cache.index, lua_Integer(n))
    }
    /// Copies the value on top into `slot` (it stays on top).
    @inlinable public func copyTop(to slot: Slot) { lua_copy(L, -1, slot.index) }
    /// Pops the value on top into `slot`.
    @inlinable public func popTop(into slot: Slot) { lkb_replace(L, slot.index) }
    /// The bytes of the string at `slot`, valid while it stays there; nil for any other value
    /// (no number is converted).
    @inlinable public func stringBytes(at slot: Slot) -> UnsafeBufferPointer<UInt8>? {
        guard lua_type(L, slot.index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let p = lua_tolstring(L, slot.index, &length) else { return nil }
        return UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: length)
    }

    // MARK: - Memory and the end

    /// Bytes the state has allocated.
    @inlinable public var memoryUsed: Int { Int(lkb_memoryused(L)) }
    /// The state's memory cap in bytes (0: none).
    @inlinable public var memoryLimit: Int { Int(lkb_memorylimit(L)) }

    /// Leaves the value at `result` in the builder's first slot and drops everything above it:
    /// the call's results are then its arguments and that value.
    public func finish(returning result: Slot) {
        if result != start {
            lua_pushvalue(L, result.index)
            lkb_replace(L, start.index)
        }
        lua_settop(L, start.index)
    }
}
