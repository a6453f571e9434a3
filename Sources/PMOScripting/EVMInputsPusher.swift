import CLua
import CLuaBridge
import LuaKit
import PMOModel
import PMOStore

/// Builds a table `{[project id] = {...}}` on the Lua stack from the store's scan of the
/// project-level time-phased rows: with `.status`, each project's EVM inputs at its status
/// date, `{pv, ev, ac, status_date}` (`PMOHost.portfolio`); with `.schedule`, earned
/// schedule's position of each project on its PV curve, `{es, c, at, pd}` (`PMOHost.schedule`):
/// `EarnedSchedule` locates the EV on the curve here, so no Lua table of PV values is made. AT
/// is the number of periods ended by the status date, PD the number of periods. A curve that
/// decreases gets `{at, pd, pv_decreases = period}` instead, for `p:es()` to hand to `pmo.es`,
/// which refuses it with its own message. Projects with no EV reported by the as-of date (and,
/// with `.schedule`, those with no curve) are left out.
///
/// Stack while scanning: the keys (nine slots), the Date slots (three), the result table,
/// then for an open project its id and its table. A project's PV values are gathered in a
/// Swift buffer (reused from project to project).
struct EVMInputsPusher: ProjectTimephasedVisitor {
    enum Part { case status, schedule }

    let rows: LuaRows
    let L: OpaquePointer
    let part: Part
    private let keys: Int32     // slot of the first key
    private let dates: LuaRows.DateSlots
    private let result: Int32
    private var id: [UInt8] = []    // the open project's (the scan's buffer is valid only during beginProject)
    private var values: [Double] = []
    private var ends: [Int32] = []
    private var statusDate: Day?
    private var pv = 0.0, ev = 0.0, ac: Double?

    private enum Key: Int32, CaseIterable { case pv, ev, ac, status_date, es, c, at, pd, pv_decreases }

    /// Needs 17 free stack slots, fewer than the 20 Lua promises a C function; `PMOHost`
    /// checks for them.
    init(rows: LuaRows, part: Part) {
        self.rows = rows
        self.part = part
        L = rows.L
        keys = lua_gettop(L) + 1
        for key in Key.allCases { "\(key)".push(to: L) }
        rows.dateMetatable.push(to: L)
        "n".push(to: L)
        lua_createtable(L, 0, 0)
        let top = lua_gettop(L)
        dates = LuaRows.DateSlots(metatable: top - 2, nKey: top - 1, cache: top)
        lua_createtable(L, 0, 0)
        result = lua_gettop(L)
    }

    mutating func beginProject(_ id: UnsafeBufferPointer<UInt8>) {
        self.id.removeAll(keepingCapacity: true)
        self.id.append(contentsOf: id)
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
        guard let statusDate, part == .status || !values.isEmpty else { return }
        id.withUnsafeBufferPointer { id in
            id.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
        switch part {
        case .status:
            lua_createtable(L, 0, 5)   // room for the bac that p:evm() adds: no rehash then
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
        lua_rawset(L, result)
    }

    /// Moves the result to where the keys began.
    func finish() {
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
