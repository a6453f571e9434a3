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
/// (`PMOHost.schedule`): `EarnedSchedule` locates the EV on the curve here, so no Lua table of
/// PV values is made. AT is the number of periods ended by the status date, PD the number of
/// periods. A curve that decreases gets `{at, pd, pv_decreases = period}` instead, for `p:es()`
/// to hand to `pmo.es`, which refuses it with its own message. Projects with no EV reported
/// by the as-of date, or no curve, are left out of the `.schedule` list.
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
    private var positions: ProjectPositions
    private var position: Int?      // the open project's, in the list of projects
    private var values: [Double] = []
    private var ends: [Int32] = []
    private var statusDate: Day?
    private var pv = 0.0, ev = 0.0, ac: Double?

    private enum Key: Int32, CaseIterable { case pv, ev, ac, status_date, es, c, at, pd, pv_decreases }

    /// Needs 17 free stack slots, fewer than the 20 Lua promises a C function; `PMOHost`
    /// checks for them.
    init(rows: LuaRows, part: Part, positions: ProjectPositions) {
        self.rows = rows
        self.part = part
        self.positions = positions
        L = rows.L
        keys = lua_gettop(L) + 1
        for key in Key.allCases { "\(key)".push(to: L) }
        rows.dateMetatable.push(to: L)
        "n".push(to: L)
        lua_createtable(L, 0, 0)
        let top = lua_gettop(L)
        dates = LuaRows.DateSlots(metatable: top - 2, nKey: top - 1, cache: top)
        lua_createtable(L, Int32(clamping: positions.count), 0)
        result = lua_gettop(L)
    }

    mutating func beginProject(_ id: UnsafeBufferPointer<UInt8>) {
        position = positions.position(of: id)
        values.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        statusDate = nil
    }

    mutating func plannedValue(_ periodEnd: Day, _ value: Double) {
        guard part == .schedule else { return }
        values.append(value)
        ends.append(periodEnd.daysSinceEpoch)
    }

    mutating func reported(_ periodEnd: Day, pv: Double, ev: Double, ac: Double?) {
        statusDate = periodEnd
        self.pv = pv
        self.ev = ev
        self.ac = ac
    }

    mutating func endProject() {
        guard let position, let statusDate, part == .status || !values.isEmpty else { return }
        switch part {
        case .status:
            lua_createtable(L, 0, Self.recordFields)
            lua_pushnumber(L, pv); set(.pv, in: -2)
            lua_pushnumber(L, ev); set(.ev, in: -2)
            if let ac { lua_pushnumber(L, ac); set(.ac, in: -2) }
            rows.push(statusDate, dates); set(.status_date, in: -2)
        case .schedule:
            // Made at the size of p:es()'s table, which it becomes (status_date, ev and the
            // four measures added): no rehash then.
            lua_createtable(L, 0, 10)
            // AT, earned schedule's actual time: the periods ended by the status date.
            var at = 0
            for end in ends where end <= statusDate.daysSinceEpoch { at += 1 }
            lua_pushinteger(L, lua_Integer(at)); set(.at, in: -2)
            lua_pushinteger(L, lua_Integer(values.count)); set(.pd, in: -2)
            switch EarnedSchedule.locate(values, ev: ev) {
            case .earned(let es, let c):
                // ES is the integer n when all is earned, as pmo.es.earned_schedule returns it.
                if c == values.count { lua_pushinteger(L, lua_Integer(c)) } else { lua_pushnumber(L, es) }
                set(.es, in: -2)
                lua_pushinteger(L, lua_Integer(c)); set(.c, in: -2)
            case .decreases(let period):
                lua_pushinteger(L, lua_Integer(period)); set(.pv_decreases, in: -2)
            }
        }
        lua_rawseti(L, result, lua_Integer(position))
    }

    /// The fields of a project's record: pv, ev, ac and status_date from here, then bac, c,
    /// evm and es from the `pmo` module (`inputs_of`, `load_projects`, `p:evm()`, `p:es()`),
    /// so it is made at its final size and never rehashed.
    static let recordFields: Int32 = 8

    /// With `.status`, gives every project without EV reported its (empty) record; then moves
    /// the result to where the keys began.
    func finish() {
        if part == .status {
            for j in stride(from: 1, through: positions.count, by: 1) {
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
