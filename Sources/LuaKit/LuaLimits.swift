import CLua
import CLuaBridge

/// Why LuaKit's limits stopped a call into Lua (see `LuaState.setLimits` and
/// `LuaInterruptHandle`).
public enum LuaStop: Sendable, Equatable {
    /// The instruction budget ran out.
    case instructions
    /// The wall-clock limit passed.
    case deadline
    /// `LuaInterruptHandle.interrupt()` (Ctrl-C) asked the code to stop.
    case interrupt

    /// The stop for a trip code of the control block (`lkb_trip`), nil for none.
    init?(trip: Int32) {
        switch lkb_trip(rawValue: UInt32(bitPattern: trip)) {
        case LKB_TRIP_INSTRUCTIONS: self = .instructions
        case LKB_TRIP_DEADLINE: self = .deadline
        case LKB_TRIP_INTERRUPT: self = .interrupt
        default: return nil
        }
    }
}

extension LuaState {
    /// Why the last outermost call from Swift into Lua was stopped by the limits, or nil if it
    /// was not. A limit that trips inside a coroutine ends only the coroutine, and the call may
    /// still return normally: this records the trip all the same.
    public var lastStop: LuaStop? { LuaStop(trip: lkb_lasttrip(L)) }

    /// A Lua function, `hookthread(co)`, that arms this state's limits on the coroutine `co`
    /// and returns `co`. Threads made before the limits were set do not inherit the hook that
    /// enforces them; code that lets untrusted Lua resume coroutines calls this before every
    /// resume (a coroutine already armed is left alone, so its count is not restarted).
    public var hookThreadFunction: LuaFunction {
        lkb_pushcfunction(L, lkb_hookthread_f)
        return LuaFunction(popping: self)
    }

    /// The version of the Lua library, as `lua -v` prints it ("Lua 5.4.6").
    public static let version = "Lua \(LUA_VERSION_MAJOR).\(LUA_VERSION_MINOR).\(LUA_VERSION_RELEASE)"
}

/// The limits of the call from Lua into Swift that is running, for long work Swift does on its
/// behalf where no hook can run (an SQL query): whether the work must stop, and the memory the
/// state may still take. A plain value over the state; it can travel through a C callback's
/// `void *` context (`context`, `init(context:)`) with no allocation. Use it only on the thread
/// of the call, and only while the call runs.
///
/// ```swift
/// let limits = call.limits
/// while moreWork { if limits.checkStop() != nil { throw LuaRaise.message("stopped") } ... }
/// ```
public struct LuaCallLimits {
    let L: OpaquePointer

    init(L: OpaquePointer) { self.L = L }

    /// The limits of the state behind a pointer made by `context`.
    public init(context: UnsafeMutableRawPointer) { L = OpaquePointer(context) }

    /// A pointer to hand a C callback as its context; `init(context:)` turns it back.
    public var context: UnsafeMutableRawPointer { UnsafeMutableRawPointer(L) }

    /// Whether the work must stop now, because the call was interrupted or is past its
    /// deadline; nil when it may go on. When it must stop, the call is tripped as the hook
    /// would trip it: once the Swift function returns, Lua code cannot catch the stop and carry
    /// on. Never raises; one clock read, cheap enough to call every few microseconds.
    public func checkStop() -> LuaStop? { LuaStop(trip: lkb_checkstop(L)) }

    /// The state's memory cap in bytes, or nil for none (`LuaState.memoryLimit`).
    public var memoryLimit: Int? {
        let v = lkb_memorylimit(L)
        return v == 0 ? nil : Int(clamping: v)
    }

    /// Bytes the state has allocated now (`LuaState.memoryUsed`).
    public var memoryUsed: Int { Int(clamping: lkb_memoryused(L)) }

    /// Whether the state holds more than its memory cap (work done in Swift may push past it,
    /// since the cap is enforced only while Lua runs).
    public var isOverMemoryLimit: Bool {
        guard let cap = memoryLimit else { return false }
        return memoryUsed > cap
    }
}

extension LuaCall {
    /// The limits of this call (see `LuaCallLimits`), on the thread that made it.
    public var limits: LuaCallLimits { LuaCallLimits(L: L) }
}

extension LuaInterruptHandle {
    /// The handle behind a pointer made by `context`, for a C callback such as a signal
    /// handler that gets a `void *` (no allocation, async-signal-safe).
    public init(context: UnsafeMutableRawPointer) { L = OpaquePointer(context) }

    /// A pointer to hand a C callback as its context; `init(context:)` turns it back.
    public var context: UnsafeMutableRawPointer { UnsafeMutableRawPointer(L) }
}
