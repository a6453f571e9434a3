import CLua
import CLuaBridge
import LuaKit
import PMOModel
import PMOStore

/// Builds the table `{[project id] = EVM inputs}` on the Lua stack from the store's scan of
/// the project-level time-phased rows (see `PMOHost.portfolio`).
///
/// Stack while scanning: the keys (six slots), the result table, then for an open project its
/// id, its inputs table, its PV curve and its period ends.
struct EVMInputsPusher: ProjectTimephasedVisitor {
    let rows: LuaRows
    let L: OpaquePointer
    private let keys: Int32     // slot of the first key
    private let result: Int32
    private var count: lua_Integer = 0
    private var statusDate: Day?
    private var pv = 0.0, ev = 0.0, ac: Double?

    private enum Key: Int32, CaseIterable { case pv_curve, period_ends, pv, ev, ac, status_date }

    init(rows: LuaRows) {
        self.rows = rows
        L = rows.L
        keys = lua_gettop(L) + 1
        for key in Key.allCases { "\(key)".push(to: L) }
        lua_createtable(L, 0, 0)
        result = lua_gettop(L)
    }

    mutating func beginProject(_ id: UnsafeBufferPointer<UInt8>) {
        id.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        lua_createtable(L, 0, 6)
        lua_createtable(L, 32, 0)
        lua_createtable(L, 32, 0)
        count = 0
        statusDate = nil
    }

    mutating func plannedValue(_ periodEnd: Day, _ value: Double) {
        count += 1
        lua_pushnumber(L, value)
        lua_rawseti(L, -3, count)
        lua_pushinteger(L, lua_Integer(periodEnd.daysSinceEpoch))
        lua_rawseti(L, -2, count)
    }

    mutating func reported(_ periodEnd: Day, pv: Double, ev: Double, ac: Double?) {
        statusDate = periodEnd
        self.pv = pv
        self.ev = ev
        self.ac = ac
    }

    mutating func endProject() {
        // id, inputs, curve, ends -> inputs.period_ends = ends; inputs.pv_curve = curve
        set(.period_ends, in: -3)
        set(.pv_curve, in: -2)
        if let statusDate {     // id, inputs, value
            lua_pushnumber(L, pv); set(.pv, in: -2)
            lua_pushnumber(L, ev); set(.ev, in: -2)
            if let ac { lua_pushnumber(L, ac); set(.ac, in: -2) }
            rows.push(statusDate); set(.status_date, in: -2)
        }
        lua_rawset(L, result)
    }

    /// Moves the result to where the keys began.
    func finish() {
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
