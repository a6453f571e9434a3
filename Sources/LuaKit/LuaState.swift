import CLua
import CLuaBridge

/// Which standard libraries a state opens.
public struct LuaLibraries: OptionSet, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let base = LuaLibraries(rawValue: Int32(LKB_LIB_BASE))
    public static let package = LuaLibraries(rawValue: Int32(LKB_LIB_PACKAGE))
    public static let coroutine = LuaLibraries(rawValue: Int32(LKB_LIB_COROUTINE))
    public static let table = LuaLibraries(rawValue: Int32(LKB_LIB_TABLE))
    public static let io = LuaLibraries(rawValue: Int32(LKB_LIB_IO))
    public static let os = LuaLibraries(rawValue: Int32(LKB_LIB_OS))
    public static let string = LuaLibraries(rawValue: Int32(LKB_LIB_STRING))
    public static let math = LuaLibraries(rawValue: Int32(LKB_LIB_MATH))
    public static let utf8 = LuaLibraries(rawValue: Int32(LKB_LIB_UTF8))
    public static let debug = LuaLibraries(rawValue: Int32(LKB_LIB_DEBUG))
    public static let all = LuaLibraries(rawValue: Int32(LKB_LIB_ALL))
    /// The libraries with no access to files, processes or the debug interface.
    public static let safe: LuaLibraries = [.base, .coroutine, .table, .string, .math, .utf8]
}

/// The part of a state that references outlive: a reference keeps the core, and the core
/// knows whether the state is still open.
final class LuaCore {
    var L: OpaquePointer?
    init(_ L: OpaquePointer) { self.L = L }
}

/// A Lua 5.4 state.
///
/// Not `Sendable`: use a state from one thread only. Everything it runs is protected, so a Lua
/// error surfaces as a thrown `LuaError` and never unwinds Swift frames.
///
/// ```swift
/// let lua = try LuaState()
/// let sum = try lua.run("return 1 + 2")     // [.integer(3)]
/// ```
public final class LuaState {
    /// The raw `lua_State *`, LuaKit's alone: no other target calls Lua's C API (DESIGN.md,
    /// decision 1, is kept here). `unsafeRawState` is the one door out, for the bridge benchmark.
    @usableFromInline let L: OpaquePointer
    let core: LuaCore

    /// Opens a state with the given standard libraries (all of them by default).
    public init(libraries: LuaLibraries = .all) throws {
        LuaCallbacks.install()
        guard let L = lkb_newstate() else {
            throw LuaError(kind: .memory, message: "cannot create a Lua state: out of memory")
        }
        self.L = L
        self.core = LuaCore(L)
        core.install()
        if !libraries.isEmpty {
            let status = lkb_openlibs(L, libraries.rawValue)
            if status != LUA_OK { throw popError(status) }
        }
    }

    deinit {
        core.L = nil
        lkb_close(L)
    }

    /// The number of values on the stack (`lua_gettop`).
    public var top: Int32 { lua_gettop(L) }

    // MARK: limits

    /// A cap on the bytes the state may allocate, or nil for none. An allocation past it raises
    /// a Lua memory error inside Lua; the state stays usable.
    public var memoryLimit: Int? {
        get { let v = lkb_memorylimit(L); return v == 0 ? nil : Int(v) }
        set { lkb_setmemorylimit(L, newValue.map { max($0, 1) } ?? 0) }
    }

    /// Bytes allocated now.
    public var memoryUsed: Int { Int(lkb_memoryused(L)) }
    /// The highest `memoryUsed` since `resetMemoryPeak()`.
    public var memoryPeak: Int { Int(lkb_memorypeak(L)) }
    public func resetMemoryPeak() { lkb_resetmemorypeak(L) }

    /// Limits for each call from Swift into Lua: at most `instructions` VM instructions and
    /// `seconds` of wall-clock time (nil for no limit). Once a limit trips, every further
    /// instruction raises until control returns to Swift, so `pcall` cannot swallow it.
    /// No limit means no hook, and full speed.
    public func setLimits(instructions: Int? = nil, seconds: Double? = nil, granularity: Int = 1000) {
        lkb_setlimits(L, Int64(instructions ?? 0), seconds ?? 0, Int32(granularity))
    }

    /// A handle that can stop the running code from another thread or a signal handler.
    public var interruptHandle: LuaInterruptHandle { LuaInterruptHandle(L: L) }

    // MARK: loading and running

    /// How a chunk may be given.
    public enum ChunkMode: String, Sendable {
        case text = "t", binary = "b", any = "bt"
    }

    /// Compiles a chunk into a function. Text only unless `mode` says otherwise.
    public func load(_ code: String, name: String = "=(load)", mode: ChunkMode = .text) throws -> LuaFunction {
        try load(bytes: Array(code.utf8), name: name, mode: mode)
    }

    /// Compiles a chunk given as bytes.
    public func load(bytes: [UInt8], name: String, mode: ChunkMode = .text) throws -> LuaFunction {
        try pushChunk(bytes: bytes, name: name, mode: mode)
        return LuaFunction(popping: self)
    }

    /// Compiles a chunk whose globals are the fields of `environment` (its `_ENV`), as Lua's
    /// `load(chunk, name, mode, env)` does. Text only unless `mode` says otherwise.
    ///
    /// ```swift
    /// let env = lua.newTable()
    /// try lua.load(bytes: Array("x = 1".utf8), name: "=data", environment: env).call()
    /// env["x"]        // .integer(1)
    /// ```
    public func load(bytes: [UInt8], name: String, mode: ChunkMode = .text,
                     environment: LuaTable) throws -> LuaFunction {
        try pushChunk(bytes: bytes, name: name, mode: mode)
        environment.push(to: L)
        // A main chunk's first upvalue is its _ENV. lua_setupvalue only assigns (it never
        // raises), and pops the value only when the upvalue exists (a stripped binary chunk
        // may have none).
        if lua_setupvalue(L, -2, 1) == nil { lua_settop(L, -2) }
        return LuaFunction(popping: self)
    }

    /// Compiles a chunk and leaves the function on the stack; throws (stack unchanged) on failure.
    public func pushChunk(bytes: [UInt8], name: String, mode: ChunkMode = .text) throws {
        let status = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) {
                lkb_load(L, $0, buf.count, name, mode.rawValue)
            }
        }
        if status != LUA_OK { throw popError(status) }
    }

    /// Runs a chunk and returns its results.
    @discardableResult
    public func run(_ code: String, name: String = "=(run)") throws -> [LuaValue] {
        try load(code, name: name).call()
    }

    /// Calls the function below `nargs` arguments on the stack, protected; pops them and
    /// pushes `nresults` results (or all with `LUA_MULTRET`). Throws with the stack as it was
    /// below the function.
    public func pcall(nargs: Int32, nresults: Int32) throws {
        let status = lkb_pcall(L, nargs, nresults)
        if status != LUA_OK { throw popError(status) }
    }

    /// Pops the error value left by a failed call and turns it into a `LuaError`.
    func popError(_ status: Int32) -> LuaError { LuaError.pop(L, status) }

    // MARK: globals

    /// The global table.
    public var globals: LuaTable {
        lkb_pushglobaltable(L)
        return LuaTable(popping: self)
    }

    /// A new empty table.
    public func newTable() -> LuaTable {
        lua_createtable(L, 0, 0)
        return LuaTable(popping: self)
    }

    /// Reads a global without metamethods.
    public func global(_ name: String) -> LuaValue {
        lkb_pushglobaltable(L)
        name.push(to: L)
        lua_rawget(L, -2)
        let v = LuaValue.from(L, at: -1)
        lua_settop(L, -3)
        return v
    }

    /// Sets a global without metamethods.
    public func setGlobal(_ name: String, _ value: LuaPushable) {
        lkb_pushglobaltable(L)
        name.push(to: L)
        value.push(to: L)
        lua_rawset(L, -3)
        lua_settop(L, -2)
    }

    /// Registers a Swift function as a global.
    public func register(_ name: String, _ body: @escaping LuaCFunctionBody) {
        setGlobal(name, LuaFunctionValue(name: name, body))
    }

    // MARK: stack helpers

    /// The string at `index` (exact bytes decoded as UTF-8, repairing invalid sequences), if
    /// it is a string or a number. Never converts the stack slot in place.
    public func string(at index: Int32) -> String? {
        String.read(from: L, at: index)
    }

    /// The Lua type name of the value at `index`, honouring `__name`.
    public func typeName(at index: Int32) -> String {
        LuaCall.typeName(L, index)
    }

    /// Pushes any convertible value.
    public func push(_ value: LuaPushable) { value.push(to: L) }
    /// Reads the value at `index`.
    public func value(at index: Int32) -> LuaValue { LuaValue.from(L, at: index) }
    /// Pops `n` values.
    public func pop(_ n: Int32 = 1) { lua_settop(L, -n - 1) }
}

/// Stops the code running in a state. `Sendable` and async-signal-safe, so a SIGINT handler may
/// call `interrupt()` as `lua.c` does.
public struct LuaInterruptHandle: @unchecked Sendable {
    let L: OpaquePointer
    public func interrupt() { lkb_interrupt(L) }
}

extension LuaState {
    /// `tostring(value)` as Lua computes it (honouring `__tostring` and `__name`), protected.
    public func tostring(_ value: LuaPushable) throws -> String {
        value.push(to: L)
        let status = lkb_tostring_p(L, -1)
        if status != LUA_OK {
            let e = popError(status)
            pop()
            throw e
        }
        let s = string(at: -1) ?? ""
        pop(2)
        return s
    }
}

extension LuaState {
    /// Runs a full garbage collection cycle.
    public func collectGarbage() { lkb_collectgarbage(L) }

    /// Sets the incremental collector's pause: how far the heap grows, in percent of what the
    /// last cycle left alive, before the next cycle starts (Lua's default is 200). Scripts can
    /// still change it with `collectgarbage("incremental", ...)`.
    public func setCollectorPause(_ percent: Int32) { lkb_gcincremental(L, percent, 0) }

    /// Lets `kilobytes` more be allocated before the collector does any more work: a cycle
    /// that has not begun begins that much later, one under way resumes that much later. A full
    /// collection (`collectGarbage()`, `collectgarbage()`) sets the next cycle by the pause
    /// again, and an allocation that fails (a memory cap) still collects fully first.
    public func postponeCollector(kilobytes: Int32) { lkb_gcpostpone(L, kilobytes) }
}

extension LuaState {
    /// The raw `lua_State *`, for measuring LuaKit against Lua's own C API (pmo-bench) and for
    /// nothing else: code that calls the C API itself gives up what LuaKit guarantees (no Lua
    /// error across a Swift frame). `ArchitectureTests` fails when a target under Sources uses it.
    public var unsafeRawState: OpaquePointer { L }
}

extension LuaCall {
    /// The raw `lua_State *` of the call: see `LuaState.unsafeRawState`.
    public var unsafeRawState: OpaquePointer { L }
}
