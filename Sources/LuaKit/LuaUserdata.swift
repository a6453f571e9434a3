import CLua
import CLuaBridge

/// One property: its getter and, if writable, its setter. Reached from C by pointer; the
/// fields are `let` so the hot read path has no exclusivity check.
@usableFromInline
final class PropertyBox {
    let name: String
    /// Read through Swift every time instead of cached.
    let live: Bool
    let getter: (AnyObject, OpaquePointer) -> Void
    let setter: ((AnyObject, OpaquePointer) throws -> Void)?
    @usableFromInline
    init(name: String, live: Bool, getter: @escaping (AnyObject, OpaquePointer) -> Void,
         setter: ((AnyObject, OpaquePointer) throws -> Void)?) {
        self.name = name
        self.live = live
        self.getter = getter
        self.setter = setter
    }
}

/// Keeps a type's property boxes alive as long as its metatable.
final class TypeBox {
    let properties: [PropertyBox]
    init(_ properties: [PropertyBox]) { self.properties = properties }
}

/// A declared metatable exposing the Swift class `T` to Lua as userdata.
///
/// A type lists its methods, properties and metamethods once; LuaKit builds the metatable,
/// checks `self` by metatable identity, and releases the Swift object when Lua collects it.
///
/// ```swift
/// let account = LuaMetatable<Account>("Account") { mt in
///     mt.property("balance", get: { $0.balance }, set: { $0.balance = $1 })
///     mt.property("owner") { $0.owner }                       // read-only
///     mt.property("age", live: true) { $0.age() }             // read through Swift every time
///     mt.method("deposit") { account, call in
///         account.balance += try call.argument(2, as: Double.self); return 0
///     }
///     mt.tostring { "Account(\($0.owner))" }
/// }
/// try lua.register(account)
/// lua.setGlobal("acct", lua.object(Account(owner: "Ada"), account))
/// ```
///
/// **Property values are cached in Lua.** After the first `readsBeforeCaching` property reads
/// of an object (16 by default), each of which calls its getter, a read calls the getter once
/// and keeps the value in a table of the object's own, so later reads are plain table reads
/// inside the VM (a few nanoseconds instead of a call into Swift). The first reads are not
/// cached because that table and the object's own metatable cost about as much to set up as
/// 15 reads through Swift, which an object read once or twice would never repay.
///
/// Every cached value in the state, of every object, is dropped whenever Swift code other than
/// a getter may have run: when any Swift function, method, setter or metamethod called from
/// Lua returns, and whenever Swift calls into Lua (every protected call). So a script sees what
/// Swift last did, as long as Swift changes objects only in code Lua calls or between calls
/// into Lua. Sharp edges:
/// - A getter is run once per read that misses the cache, not once per read: a getter whose
///   value changes by itself (a clock, a counter) or that has side effects must be declared
///   `live: true`, which reads it through Swift every time (a call into Swift, about ten times
///   the cost of a table read). Conversely, do not count on a getter running only once.
/// - Swift code Lua does not see run (a getter's side effects on other properties, a `deinit`)
///   that changes an object must call `LuaState.refresh()`, or the next reads give the values
///   cached before.
/// - A property whose value is a table may give the same table to every read until the cache is
///   dropped (or a new table per read, before the object is cached), so a script that changes
///   that table may see its changes; nil values are not cached.
/// - Cached values stay alive as long as their object and the cache do.
///
/// **Identity.** Pushing the same Swift object twice gives the same Lua value (`rawequal`),
/// while Lua holds it. The object lives as long as either Swift or Lua holds it; Lua's hold ends
/// at collection, or at once with `LuaState.detach`, after which every use of the userdata is an
/// error. After `__close` the object stays usable unless the close body detaches it.
///
/// **What scripts see.** An unknown field reads as nil (as in a table) but writing one is an
/// error. `getmetatable(obj)` is a public table shared by the type's objects: `__name`, the
/// declared metamethods, and `__index`, a table of the methods; changing it changes nothing.
/// The real metatables (the type's, then one per object once it is cached) are out of scripts'
/// reach, so a script can neither forge an object of the type nor a cached value; only the
/// debug library reaches them, as it reaches everything.
public final class LuaMetatable<T: AnyObject> {
    public let name: String
    var methods: [(String, (T, LuaCall) throws -> Int32)] = []
    var metamethods: [(String, LuaCFunctionBody)] = []
    @usableFromInline var properties: [PropertyBox] = []
    /// Registry reference of the built metatable, set by `LuaState.register`.
    var ref: Int32 = LUA_NOREF
    /// How many property reads of each object go to the getters uncached before the object
    /// gets its cache (see the notes above); 0 caches from the first read. Set it before
    /// registering the metatable.
    public var readsBeforeCaching = 16

    public init(_ name: String, _ build: (LuaMetatable<T>) -> Void = { _ in }) {
        self.name = name
        build(self)
    }

    /// A method, called as `obj:name(...)`; the body gets the object and the call (the object
    /// is argument 1).
    public func method(_ name: String, _ body: @escaping (T, LuaCall) throws -> Int32) {
        methods.append((name, body))
    }

    /// A read-only property, cached after a read (see the type's notes) unless `live`.
    @inlinable  // specialised in the caller's module, so a read does not go through a generic getter (commit 591c125)
    public func property<V: LuaPushable>(_ name: String, live: Bool = false, get: @escaping (T) -> V) {
        let typeName = self.name
        properties.append(PropertyBox(
            name: name, live: live,
            getter: { object, L in get(unsafeDowncast(object, to: T.self)).push(to: L) },
            setter: { _, _ in throw LuaRaise.message("cannot set read-only field '\(name)' of \(typeName)") }))
    }

    /// A read-write property; a value of another type is an error naming the field. Setting
    /// it from Lua drops every cached value, since a setter may change other properties too.
    @inlinable
    public func property<V: LuaPushable & LuaReadable>(
        _ name: String, live: Bool = false, get: @escaping (T) -> V, set: @escaping (T, V) throws -> Void
    ) {
        let typeName = self.name
        properties.append(PropertyBox(name: name, live: live, getter: { object, L in
            get(unsafeDowncast(object, to: T.self)).push(to: L)
        }, setter: { object, L in
            guard let v = V.read(from: L, at: 3) else {
                throw LuaRaise.message(
                    "bad value for field '\(name)' of \(typeName) (\(V.luaTypeName) expected, got \(LuaCall.typeName(L, 3)))")
            }
            try set(unsafeDowncast(object, to: T.self), v)
        }))
    }

    /// `__tostring`.
    public func tostring(_ body: @escaping (T) -> String) {
        objectMetamethod("__tostring") { object, call in call.push(body(object)); return 1 }
    }

    /// `__len`.
    public func len(_ body: @escaping (T) -> Int) {
        objectMetamethod("__len") { object, call in call.push(body(object)); return 1 }
    }

    /// `__eq`: called only when both operands are of this type; otherwise they differ.
    public func eq(_ body: @escaping (T, T) -> Bool) {
        comparison("__eq", otherwise: { false }, body)
    }

    /// `__lt`; comparing with another type is an error, as for Lua's own values.
    public func lt(_ body: @escaping (T, T) -> Bool) {
        comparison("__lt", otherwise: nil, body)
    }

    /// `__le`.
    public func le(_ body: @escaping (T, T) -> Bool) {
        comparison("__le", otherwise: nil, body)
    }

    /// `__close`, for `local x <close> = obj`.
    public func close(_ body: @escaping (T) -> Void) {
        objectMetamethod("__close") { object, _ in body(object); return 0 }
    }

    /// `__pairs`: the body pushes Lua's three iteration values (function, state, initial key).
    public func pairs(_ body: @escaping (T, LuaCall) throws -> Int32) {
        objectMetamethod("__pairs", body)
    }

    /// Any other metamethod (`__call`, `__concat`, `__unm` ...), with the raw call. LuaKit
    /// owns `__index`, `__newindex`, `__gc`, `__metatable` and `__name`.
    public func metamethod(_ name: String, _ body: @escaping LuaCFunctionBody) {
        precondition(!["__index", "__newindex", "__gc", "__metatable", "__name", "__mode"].contains(name),
                     "\(self.name): \(name) is LuaKit's own")
        metamethods.append((name, body))
    }

    func objectMetamethod(_ mm: String, _ body: @escaping (T, LuaCall) throws -> Int32) {
        metamethods.append((mm, { [unowned self] call in
            guard let object = self.object(call, 1) else { throw self.argumentError(call, 1) }
            return try body(object, call)
        }))
    }

    func comparison(_ mm: String, otherwise: (() -> Bool)?, _ body: @escaping (T, T) -> Bool) {
        metamethods.append((mm, { [unowned self] call in
            guard let a = self.object(call, 1), let b = self.object(call, 2) else {
                if let otherwise { call.push(otherwise()); return 1 }
                throw LuaRaise.message(
                    "attempt to compare \(LuaCall.typeName(call.L, 1)) with \(LuaCall.typeName(call.L, 2))")
            }
            call.push(body(a, b))
            return 1
        }))
    }

    /// The object at argument `i` if it is a live object of this type (metatable identity).
    func object(_ call: LuaCall, _ i: Int32) -> T? {
        guard let p = lkb_toobjectref(call.L, i, ref) else { return nil }
        return unsafeDowncast(Unmanaged<AnyObject>.fromOpaque(p).takeUnretainedValue(), to: T.self)
    }

    /// The error for argument `i` that is not a live object of this type.
    func argumentError(_ call: LuaCall, _ i: Int32) -> Error {
        if lkb_isreleasedref(call.L, i, ref) != 0 {
            return LuaRaise.argument(i, "\(name) expected, got a released \(name)")
        }
        return call.typeError(i, expected: name)
    }
}

/// An object to push through its registered metatable.
public struct LuaObject<T: AnyObject>: LuaPushable {
    let object: T
    let metatable: LuaMetatable<T>
    public func push(to L: OpaquePointer) {
        lua_rawgeti(L, lkb_registryindex(), lua_Integer(metatable.ref))
        lkb_pushobject(L, Unmanaged.passRetained(object as AnyObject).toOpaque(), -1)
        lkb_remove(L, -2)
    }
}

extension LuaState {
    /// Builds the metatable of `T` in this state. A type is registered once per state.
    public func register<T: AnyObject>(_ metatable: LuaMetatable<T>) throws {
        precondition(metatable.ref == LUA_NOREF, "\(metatable.name) is already registered")
        let base = lua_gettop(L)
        lua_createtable(L, 0, Int32(metatable.methods.count + metatable.properties.count))  // keys
        for (name, body) in metatable.methods {
            name.push(to: L)
            LuaFunctionValue(name: name) { [unowned metatable] call in
                guard let object = metatable.object(call, 1) else {
                    throw metatable.argumentError(call, 1)
                }
                return try body(object, call)
            }.push(to: L)
            lua_rawset(L, -3)
        }
        for property in metatable.properties {
            property.name.push(to: L)
            lua_pushlightuserdata(L, Unmanaged.passUnretained(property).toOpaque())
            lua_rawset(L, -3)
        }
        lua_createtable(L, 0, Int32(metatable.metamethods.count))
        for (name, body) in metatable.metamethods {
            name.push(to: L)
            LuaFunctionValue(name: name, body).push(to: L)
            lua_rawset(L, -3)
        }
        let typebox = TypeBox(metatable.properties)
        lkb_newtype(L, base + 1, base + 2, Unmanaged.passRetained(typebox).toOpaque(), metatable.name,
                    Int32(clamping: max(0, metatable.readsBeforeCaching)))
        metatable.ref = luaL_ref(L, lkb_registryindex())
        lua_settop(L, base)
        metatables[ObjectIdentifier(T.self)] = metatable
    }

    /// Wraps `object` for pushing with the metatable registered for its type. Pushing an
    /// object Lua already holds pushes the same userdata.
    public func object<T: AnyObject>(_ object: T, _ metatable: LuaMetatable<T>) -> LuaObject<T> {
        LuaObject(object: object, metatable: metatable)
    }

    /// The object of type `T` at `index`, checked by metatable identity; nil for any other
    /// value and for a detached object.
    public func object<T: AnyObject>(at index: Int32, _ metatable: LuaMetatable<T>) -> T? {
        guard let p = lkb_toobjectref(L, index, metatable.ref) else { return nil }
        return unsafeDowncast(Unmanaged<AnyObject>.fromOpaque(p).takeUnretainedValue(), to: T.self)
    }

    /// Drops every property value cached in Lua, so that the next reads call the getters.
    ///
    /// LuaKit does this itself whenever Swift code other than a getter may have run (see
    /// `LuaMetatable`); call it after changing objects from code Lua does not see run, such as
    /// a getter with side effects or a `deinit`. Cheap when nothing is cached.
    ///
    /// ```swift
    /// mt.property("statement", live: true) { [unowned lua] account in
    ///     account.balance -= account.fee   // a side effect on another property
    ///     lua.refresh()                    // so that a cached `balance` is not read again
    ///     return account.statement()
    /// }
    /// ```
    public func refresh() {
        lkb_dropcaches(L)
    }

    /// Ends Lua's hold on `object`: its userdata, if Lua still has one, drops its cached values
    /// and releases the object now rather than at collection, and every later use of it in Lua
    /// is an error ("attempt to read field 'owner' of a released Account"). Pushing the object
    /// again makes a new userdata. Returns whether Lua held the object.
    ///
    /// ```swift
    /// store.delete(account)
    /// lua.detach(account, accounts)   // scripts still holding it get an error, not stale data
    /// ```
    @discardableResult
    public func detach<T: AnyObject>(_ object: T, _ metatable: LuaMetatable<T>) -> Bool {
        lua_rawgeti(L, lkb_registryindex(), lua_Integer(metatable.ref))
        defer { lua_settop(L, -2) }
        return withExtendedLifetime(object) {
            lkb_detachobject(L, Unmanaged.passUnretained(object as AnyObject).toOpaque(), -1) != 0
        }
    }
}
