import CLua
import CLuaBridge
import LuaKit
import PMOModel
import PMOStore

/// Pushes the store's EVM inputs of a portfolio (`EVMInputsQuery`) as a Lua list of records,
/// one a project, by position in the list of project rows read in the same transaction (both
/// in id order): `{bac, baseline, baseline_set_on, start, finish, status_date, data_date, pv,
/// ev, ac, es_days, at_days, pd_days, es_note}`, absent fields for what is unknown. The `pmo`
/// module keeps each as the project's record (`load_projects`), and `p:evm()` and `p:es()`
/// compute their measures from it with `pmo.evm` and `pmo.es`.
///
/// Stack while pushing: the keys, the Date slots (three), the result list, then the record
/// being filled. Keys sit in slots so that each field costs a push and a raw set, not the
/// hashing of a key string.
enum EVMInputsPusher {
    private enum Key: Int32, CaseIterable {
        case bac, baseline, baseline_set_on, start, finish, status_date, data_date, pv, ev, ac
        case es_days, at_days, pd_days, es_note
    }

    /// The record's fields: those above and what the module adds (c, evm, es).
    private static let recordFields: Int32 = 17

    static func push(_ inputs: [EVMInputs], with rows: LuaRows) throws {
        let L = rows.L
        let keyCount = Int32(Key.allCases.count)
        guard lua_checkstack(L, keyCount + 8) != 0 else { throw LuaRaise.message("the Lua stack is full") }
        let base = lua_gettop(L)
        for key in Key.allCases { "\(key)".push(to: L) }
        rows.dateMetatable.push(to: L)
        "n".push(to: L)
        lua_createtable(L, 0, 0)
        let dates = LuaRows.DateSlots(metatable: base + keyCount + 1, nKey: base + keyCount + 2, cache: base + keyCount + 3)
        lua_createtable(L, Int32(clamping: inputs.count), 0)
        let list = lua_gettop(L)

        func set(_ key: Key) {   // pops the value on top into the record below it
            lua_pushvalue(L, base + 1 + key.rawValue)
            lkb_insert(L, -2)
            lua_rawset(L, -3)
        }
        func number(_ v: Double?, _ key: Key) {
            guard let v else { return }
            lua_pushnumber(L, v)
            set(key)
        }
        func date(_ d: Day?, _ key: Key) {
            guard let d else { return }
            rows.push(d, dates)
            set(key)
        }
        for (j, x) in inputs.enumerated() {
            lua_createtable(L, 0, recordFields)
            number(x.bac, .bac)
            if let n = x.baseline { lua_pushinteger(L, lua_Integer(n)); set(.baseline) }
            date(x.baselineSetOn, .baseline_set_on)
            date(x.start, .start)
            date(x.finish, .finish)
            date(x.statusDate, .status_date)
            date(x.dataDate, .data_date)
            number(x.pv, .pv)
            number(x.ev, .ev)
            number(x.ac, .ac)
            switch x.schedule {
            case .success(let s):
                number(s.es, .es_days)
                number(s.at, .at_days)
                number(s.pd, .pd_days)
            case .failure(let reason):
                reason.note.push(to: L)
                set(.es_note)
            }
            lua_rawseti(L, list, lua_Integer(j + 1))
        }
        lkb_replace(L, base + 1)
        lua_settop(L, base + 1)
    }
}
