import Days
import LuaKit
import PMOModel
import PMOStore

/// `pmo.worktime`'s host half: working time answered from `CalendarRules`, the one definition
/// of it (the critical path engine's `CalendarTimelines` resolve days the same way). The Lua
/// half checks the arguments and keeps the API; this reads the calendar's rows as the
/// calendar record's cache reads the store (its as-of date or revision) and answers.
extension PMOHost {
    /// `worktime(key, asof, revision, calendar_id, op, ...)`, `key` a number from
    /// `worktime_key()` that names one state of the store (a cache of init.lua's): the
    /// calendar's chain is read once per key. Ops, with days as day numbers:
    /// - `"day", n`: `working, times, rule_kind, rule_id` (times `{ {from, to}, ... }`,
    ///   rule kind `"exception"` or `"week_day"`, nil when no calendar of the chain lists the day);
    /// - `"days", a, b`: working days from day a to day b; `"minutes", a, b`: working minutes;
    /// - `"add", n, minute, minutes`: the day and minute the work ends, or nil and
    ///   `"idle"` and the first day of ten years without working time, or nil and `"horizon"`.
    /// Any op on a calendar the store does not hold (in that state): nil and `"unknown"`.
    func worktime(_ call: LuaCall) throws -> Int32 {
        let key = try call.argument(1, as: Int.self)
        let at = try point(call, date: 2, revision: 3)
        let calendarId = try call.argument(4, as: String.self)
        let op = try call.argument(5, as: String.self)
        let timelines = try calendarTimelines(call, key: key, at: at, calendarId: calendarId)
        guard timelines.rules.contains(calendarId) else {
            call.push(LuaValue.nil)
            call.push("unknown")
            return 2
        }
        func day(_ i: Int32) throws -> Day {
            guard let d = Day(luaDayNumber: call.value(i)) else { throw LuaRaise.argument(i, "day number expected") }
            return d
        }
        switch op {
        case "day":
            let d = try day(6)
            guard let r = timelines.rules.resolve(d, calendarId: calendarId) else { return 0 }   // known: checked above
            call.push(r.isWorking)
            call.push(LuaData.array(r.ranges.map { .object(["from": .integer($0.from), "to": .integer($0.to)]) }))
            switch r.rule {
            case .exception(let id)?: call.push("exception"); call.push(id)
            case .weekDay(let id)?: call.push("week_day"); call.push(id)
            case nil: return 2
            }
            return 4
        case "days", "minutes":
            let a = try day(6), b = try day(7)
            let n = op == "days" ? timelines.workingDays(calendarId: calendarId, from: a, to: b)
                : timelines.workingMinutes(calendarId: calendarId, from: a, to: b)
            call.push(n ?? 0)
            return 1
        case "add":
            let d = try day(6)
            let minute = try call.argument(7, as: Int.self), n = try call.argument(8, as: Int.self)
            guard (0...1440).contains(minute), n > 0 else { throw LuaRaise.argument(7, "minute 0-1440 and minutes above 0 expected") }
            switch timelines.addWorkingMinutes(calendarId: calendarId, day: d, minute: minute, minutes: n) {
            case .ends(let end, let m)?:
                call.push(Int(end.daysSinceEpoch)); call.push(m)
            case .noWorkingTime(let from)?:
                call.push(LuaValue.nil); call.push("idle"); call.push(Int(from.daysSinceEpoch))
                return 3
            case .beyondHorizon?, nil:
                call.push(LuaValue.nil); call.push("horizon")
            }
            return 2
        default:
            throw LuaRaise.argument(5, "unknown operation '\(op)'")
        }
    }

    /// The timelines of calendar `calendarId`'s chain as the store is at `at`, read once per
    /// `key` (the session keeps the latest few).
    func calendarTimelines(_ call: LuaCall, key: Int, at: StorePoint, calendarId: String) throws -> CalendarTimelines {
        if let t = session.worktimeCache[key]?[calendarId] { return t }
        var timelines = CalendarTimelines()
        try read(call, at: at, what: "the calendar \(calendarId)") { db in
            timelines = try CalendarQuery.read(db, chainOf: calendarId)
        }
        if session.worktimeCache[key] == nil {
            // A new state of the store: older ones are seldom asked again.
            session.worktimeKeys.append(key)
            if session.worktimeKeys.count > PMOSession.worktimeStates {
                session.worktimeCache[session.worktimeKeys.removeFirst()] = nil
            }
        }
        session.worktimeCache[key, default: [:]][calendarId] = timelines
        return timelines
    }
}
