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
/// The keys are held in slots (LuaKit's `LuaTableBuilder`), so that each field costs a push
/// and a raw set, not the hashing of a key string.
enum EVMInputsPusher {
    private enum Key: Int, CaseIterable {
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
        let b = try LuaTableBuilder(rows.call, reserving: names.count + LuaRows.Dates.slots + 6)
        let projects = b.top
        let keys = names.map { b.hold($0) }
        let dates = LuaRows.Dates(b, metatable: rows.dateMetatable)
        let list = b.holdTable(array: Int32(clamping: inputs.count))

        // Each field: its key from its slot, then the value above it, then one raw set.
        func number(_ v: Double?, _ key: Key) {
            guard let v else { return }
            b.push(keys[key.rawValue])
            b.push(number: v)
            b.setField()
        }
        func date(_ d: Day?, _ key: Key) {
            guard let d else { return }
            b.push(keys[key.rawValue])
            dates.push(d, b)
            b.setField()
        }
        for (j, x) in inputs.enumerated() {
            let plan = plans[j]
            if x.bac != plan.bac || x.start != plan.start || x.finish != plan.finish {
                b.push(item: j + 1, of: projects)
                let project = b.top
                if b.pushMetatable(of: project) { b.popTop(into: project) }   // a sealed record's row
                number(x.bac, .bac)
                date(x.start, .baselineStart)
                date(x.finish, .baselineFinish)
                b.pop()
            }
            b.newTable(fields: recordFields)
            date(x.statusDate, .statusDate)
            date(x.dataDate, .dataDate)
            number(x.pv, .pv)
            number(x.ev, .ev)
            number(x.ac, .ac)
            if let n = x.baseline {
                b.push(keys[Key.baseline.rawValue])
                b.push(integer: Int64(n))
                b.setField()
                date(x.baselineSetOn, .baselineSetOn)
            }
            switch x.schedule {
            case .success(let s):
                number(s.es, .esDays)
                number(s.at, .atDays)
                number(s.pd, .pdDays)
                if let start = x.start { date(s.esDate(start: start), .esDate) }
            case .failure(let reason):
                b.push(keys[Key.esNote.rawValue])
                b.push(string: reason.note)
                b.setField()
            }
            b.append(to: list, at: j + 1)
        }
        b.finish(returning: list)
    }
}
