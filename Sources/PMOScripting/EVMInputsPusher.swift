import CLua
import CLuaBridge
import LuaKit
import PMOModel
import PMOStore

/// Pushes the store's EVM inputs of a portfolio (`EVMInputsQuery`) as a Lua list of records,
/// one a project, by position in the list of project rows below it on the stack (both in id
/// order): `{status_date, data_date, pv, ev, ac, es_days, at_days, pd_days, es_date,
/// es_note, baseline, baseline_set_on}`, absent fields for what is unknown. Where the baseline in force
/// gives a project another budget, start or finish than its own columns, it sets those fields
/// (`bac`, `baseline_start`, `baseline_finish`) of the project's row, so the row a script sees
/// is the project as measured. The `pmo` module keeps each record as the project's
/// (`load_projects`), and `p:evm()` and `p:es()` compute their measures from it with
/// `pmo.evm` and `pmo.es`.
///
/// Stack while pushing: the keys, the Date slots (three), the result list, then the record
/// being filled. Keys sit in slots so that each field costs a push and a raw set, not the
/// hashing of a key string.
enum EVMInputsPusher {
    private enum Key: Int32, CaseIterable {
        case statusDate, dataDate, pv, ev, ac, esDays, atDays, pdDays, esDate, esNote, baseline
        case baselineSetOn, bac, baselineStart, baselineFinish
    }

    /// The Lua names of `Key`'s cases, in order (spelt out: `"\(key)"` would go through
    /// reflection, a conformance lookup each).
    private static let names = [
        "status_date", "data_date", "pv", "ev", "ac", "es_days", "at_days", "pd_days", "es_date", "es_note",
        "baseline", "baseline_set_on", "bac", "baseline_start", "baseline_finish",
    ]

    /// The record's fields when it has them all but the baseline's: those above, and what the
    /// module adds (c, bac, evm, es).
    private static let recordFields: Int32 = 13

    /// Pushes the records of `inputs`, made for `plans` (one each, in order), and sets the
    /// baseline's fields in the project rows, the list at the top of the stack.
    static func push(_ inputs: [EVMInputs], of plans: [EVMInputsQuery.ProjectPlan], with rows: LuaRows) throws {
        let L = rows.L
        let keyCount = Int32(Key.allCases.count)
        guard lua_checkstack(L, keyCount + 8) != 0 else { throw LuaRaise.message("the Lua stack is full") }
        let projects = lua_gettop(L)
        let base = projects
        for name in names { name.push(to: L) }
        rows.dateMetatable.push(to: L)
        "n".push(to: L)
        lua_createtable(L, 0, 0)
        let dates = LuaRows.DateSlots(metatable: base + keyCount + 1, nKey: base + keyCount + 2, cache: base + keyCount + 3)
        lua_createtable(L, Int32(clamping: inputs.count), 0)
        let list = lua_gettop(L)

        // Each field: its key from its slot, then the value above it, then one raw set.
        func key(_ key: Key) { lua_pushvalue(L, base + 1 + key.rawValue) }
        func number(_ v: Double?, _ k: Key) {
            guard let v else { return }
            key(k)
            lua_pushnumber(L, v)
            lua_rawset(L, -3)
        }
        func date(_ d: Day?, _ k: Key) {
            guard let d else { return }
            key(k)
            rows.push(d, dates)
            lua_rawset(L, -3)
        }
        for (j, x) in inputs.enumerated() {
            let plan = plans[j]
            if x.bac != plan.bac || x.start != plan.start || x.finish != plan.finish {
                lua_rawgeti(L, projects, lua_Integer(j + 1))
                if lua_getmetatable(L, -1) != 0 { lkb_replace(L, -2) }   // a sealed record's row
                number(x.bac, .bac)
                date(x.start, .baselineStart)
                date(x.finish, .baselineFinish)
                lua_settop(L, -2)
            }
            lua_createtable(L, 0, recordFields)
            date(x.statusDate, .statusDate)
            date(x.dataDate, .dataDate)
            number(x.pv, .pv)
            number(x.ev, .ev)
            number(x.ac, .ac)
            if let n = x.baseline {
                key(.baseline)
                lua_pushinteger(L, lua_Integer(n))
                lua_rawset(L, -3)
                date(x.baselineSetOn, .baselineSetOn)
            }
            switch x.schedule {
            case .success(let s):
                number(s.es, .esDays)
                number(s.at, .atDays)
                number(s.pd, .pdDays)
                if let start = x.start { date(s.esDate(start: start), .esDate) }
            case .failure(let reason):
                key(.esNote)
                reason.note.push(to: L)
                lua_rawset(L, -3)
            }
            lua_rawseti(L, list, lua_Integer(j + 1))
        }
        lkb_replace(L, base + 1)
        lua_settop(L, base + 1)
    }
}
