import CLua
import CLuaBridge
import LuaKit
import PMOModel
import PMOStore

/// Builds a list on the Lua stack, by position in a list of projects (`ProjectPositions`),
/// from the store's scan of the project-level time-phased rows. With `.status`, each
/// project's record (`PMOHost.portfolio`): a table for every project, holding its EVM inputs
/// at its status date, `{pv, ev, ac, status_date}`, when it has EV reported by the as-of
/// date, and made with room for what `p:evm()` and `p:es()` keep in it. With `.schedule`,
/// earned schedule's position of each project on its PV curve, `{es, c, at, pd}`
/// (`PMOHost.schedule`). A curve that decreases gets `{at, pd, pv_decreases = period}`
/// instead, for `p:es()` to hand to `pmo.es`, which refuses it with its own message. Projects
/// with no EV reported by the as-of date, or no curve, are left out of the `.schedule` list.
///
/// Either way the pusher locates each project's EV on its PV curve as it goes
/// (`EarnedSchedule`, so no Lua table of PV values is made). With `.status` it keeps the
/// positions in `located`, which `PMOHost` keeps for the load's first `p:es()`: that pushes
/// them with `push(located:)` instead of reading the curves again.
///
/// Stack while scanning: the keys (nine slots), the Date slots (three), the result list,
/// then for an open project its table. A project's PV values are gathered in a Swift buffer
/// (reused from project to project).
struct EVMInputsPusher: ProjectTimephasedVisitor {
    enum Part { case status, schedule }

    let rows: LuaRows
    let L: OpaquePointer
    let part: Part
    private let keys: Int32     // slot of the first key
    private let dates: LuaRows.DateSlots
    private let result: Int32
    private let count: Int
    private var positions: ProjectPositions?
    private var position: Int?      // the open project's, in the list of projects
    private var values: [Double] = []
    private var statusDate: Day?
    /// AT, earned schedule's actual time: the periods ended by the status date, which is the
    /// end of the last period reported (periods come in order).
    private var at = 0
    private var pv = 0.0, ev = 0.0, ac: Double?
    /// With `.status`, earned schedule's position of each project of the list, by position
    /// (0-based); empty with `.schedule`.
    private(set) var located: [SchedulePosition?]

    private enum Key: Int32, CaseIterable { case pv, ev, ac, status_date, es, c, at, pd, pv_decreases }

    /// A pusher for the `count` projects of a list, to scan the curves with `positions` or
    /// to push positions located before (`positions` nil). Needs 17 free stack slots, fewer
    /// than the 20 Lua promises a C function; `PMOHost` checks for them.
    init(rows: LuaRows, part: Part, count: Int, positions: ProjectPositions?) {
        self.rows = rows
        self.part = part
        self.count = count
        self.positions = positions
        located = part == .status ? Array(repeating: nil, count: count) : []
        L = rows.L
        keys = lua_gettop(L) + 1
        for key in Key.allCases { "\(key)".push(to: L) }
        rows.dateMetatable.push(to: L)
        "n".push(to: L)
        lua_createtable(L, 0, 0)
        let top = lua_gettop(L)
        dates = LuaRows.DateSlots(metatable: top - 2, nKey: top - 1, cache: top)
        lua_createtable(L, Int32(clamping: count), 0)
        result = lua_gettop(L)
    }

    mutating func beginProject(_ id: UnsafeBufferPointer<UInt8>) {
        position = positions?.position(of: id)
        values.removeAll(keepingCapacity: true)
        statusDate = nil
    }

    mutating func plannedValue(_ periodEnd: Day, _ value: Double) {
        values.append(value)
    }

    mutating func reported(_ periodEnd: Day, pv: Double, ev: Double, ac: Double?) {
        statusDate = periodEnd
        at = values.count
        self.pv = pv
        self.ev = ev
        self.ac = ac
    }

    mutating func endProject() {
        guard let position, let statusDate else { return }
        var here: SchedulePosition?
        if !values.isEmpty {
            here = SchedulePosition(found: EarnedSchedule.locate(values, ev: ev), at: at, pd: values.count)
            if part == .status { located[position - 1] = here }
        }
        switch part {
        case .status:
            lua_createtable(L, 0, Self.recordFields)
            lua_pushnumber(L, pv); set(.pv, in: -2)
            lua_pushnumber(L, ev); set(.ev, in: -2)
            if let ac { lua_pushnumber(L, ac); set(.ac, in: -2) }
            rows.push(statusDate, dates); set(.status_date, in: -2)
            lua_rawseti(L, result, lua_Integer(position))
        case .schedule:
            if let here { push(here, at: position) }
        }
    }

    /// Pushes the positions located by an earlier scan of the same projects, as a
    /// `.schedule` scan would.
    func push(located: [SchedulePosition?]) {
        for (j, here) in located.enumerated() {
            if let here { push(here, at: j + 1) }
        }
    }

    /// Puts the table of one project's position into the result list.
    private func push(_ here: SchedulePosition, at position: Int) {
        // Made at the size of p:es()'s table, which it becomes (status_date, ev and the four
        // measures added): no rehash then.
        lua_createtable(L, 0, 10)
        lua_pushinteger(L, lua_Integer(here.at)); set(.at, in: -2)
        lua_pushinteger(L, lua_Integer(here.pd)); set(.pd, in: -2)
        switch here.found {
        case .earned(let es, let c):
            // ES is the integer n when all is earned, as pmo.es.earned_schedule returns it.
            if c == here.pd { lua_pushinteger(L, lua_Integer(c)) } else { lua_pushnumber(L, es) }
            set(.es, in: -2)
            lua_pushinteger(L, lua_Integer(c)); set(.c, in: -2)
        case .decreases(let period):
            lua_pushinteger(L, lua_Integer(period)); set(.pv_decreases, in: -2)
        }
        lua_rawseti(L, result, lua_Integer(position))
    }

    /// The fields of a project's record: pv, ev, ac and status_date from here, then bac, c,
    /// evm and es from the `pmo` module (`record_of`, `load_projects`, `p:evm()`, `p:es()`),
    /// so it is made at its final size and never rehashed.
    static let recordFields: Int32 = 8

    /// With `.status`, gives every project without EV reported its (empty) record; then moves
    /// the result to where the keys began.
    func finish() {
        if part == .status {
            for j in stride(from: 1, through: count, by: 1) {
                let absent = lua_rawgeti(L, result, lua_Integer(j)) == LUA_TNIL
                lua_settop(L, -2)
                if absent {
                    lua_createtable(L, 0, Self.recordFields)
                    lua_rawseti(L, result, lua_Integer(j))
                }
            }
        }
        lua_pushvalue(L, result)
        lkb_replace(L, keys)
        lua_settop(L, keys)
    }

    /// Pops the top value into field `key` of the table at `index` (counted with the value
    /// still on top).
    private func set(_ key: Key, in index: Int32) {
        lua_pushvalue(L, keys + key.rawValue)
        lkb_insert(L, -2)
        lua_rawset(L, index - 1)
    }
}

/// Earned schedule's position of a project on its PV curve at its status date: what
/// `EarnedSchedule.locate` found, with AT, the periods ended by the status date, and PD, the
/// periods of the plan.
struct SchedulePosition: Equatable {
    let found: EarnedSchedule
    let at: Int
    let pd: Int
}
