import LuaKit
import PMOModel
import PMOStore

/// Pushes the critical path engine's answers (`CriticalPath.schedule` over the networks of
/// `ScheduleQuery`) as the Lua tables `pmo.schedule` wraps: one table `{ [project_id] = s }`,
/// each `s` with `project_id, start, finish, start_at, finish_at, length_days, minutes_per_day,
/// status_date, critical_paths, problems, tasks` and each task entry with the fields
/// docs/api.md lists under `pmo.schedule` (dates as pmo Dates, `_at` fields as
/// `yyyy-mm-ddThh:mm` text, floats in working days of the project's `minutes_per_day`).
///
/// The schedule, each entry and the task list get the metatables the caller hands over, so
/// nothing is left for Lua to walk. Keys are held in slots (`LuaTableBuilder`), and the
/// state's memory cap is checked after each project: a portfolio too large for it is Lua's
/// memory error, not a swollen host.
enum SchedulePusher {
    private enum Key: Int, CaseIterable {
        // The schedule.
        case projectId, start, finish, startAt, finishAt, lengthDays, minutesPerDay, statusDate, criticalPaths
        case problems, tasks
        // A problem.
        case kind, taskIds, message
        // An entry.
        case id, name, wbs, isSummary, isMilestone, isManual, earlyStart, earlyFinish, lateStart, lateFinish
        case earlyStartAt, earlyFinishAt, lateStartAt, lateFinishAt, totalFloat, freeFloat, totalFloatMinutes
        case freeFloatMinutes, critical, openStart, openFinish, baselineStart, baselineFinish, actualStart
        case actualFinish, percentComplete, constraintType, constraintDate, deadline, durationDays
    }

    /// The Lua names of `Key`'s cases, in order.
    private static let names = [
        "project_id", "start", "finish", "start_at", "finish_at", "length_days", "minutes_per_day", "status_date",
        "critical_paths", "problems", "tasks",
        "kind", "task_ids", "message",
        "id", "name", "wbs", "is_summary", "is_milestone", "is_manual", "early_start", "early_finish", "late_start",
        "late_finish", "early_start_at", "early_finish_at", "late_start_at", "late_finish_at", "total_float",
        "free_float", "total_float_minutes", "free_float_minutes", "critical", "open_start", "open_finish",
        "baseline_start", "baseline_finish", "actual_start", "actual_finish", "percent_complete", "constraint_type",
        "constraint_date", "deadline", "duration_days",
    ]

    /// Fields of an entry (for the table's size).
    private static let entryFields: Int32 = 30

    /// The metatables the tables get: the schedule's, an entry's, and a List's.
    struct Metatables {
        let schedule: LuaTableBuilder.Slot
        let entry: LuaTableBuilder.Slot
        let list: LuaTableBuilder.Slot
    }

    /// Pushes `{ [project_id] = s }` for `projects` and their `results` (one each, in order).
    /// The metatables are the call's arguments at `metatables`, tables (the caller checks).
    /// Without `withTasks`, `s.tasks` is empty: the project's figures only (the DCMA critical
    /// path test reads no entry of its delayed schedules, and pushing them doubled its cost).
    static func push(_ projects: [ScheduleQuery.Project], _ results: [ScheduleResult], call: LuaCall, dateMetatable: LuaTable,
                     metatables args: (schedule: Int32, entry: Int32, list: Int32), withTasks: Bool = true) throws {
        let b = try LuaTableBuilder(call, reserving: names.count + LuaRows.Dates.slots + 13)
        let keys = names.map { b.hold($0) }
        let dates = LuaRows.Dates(b, metatable: dateMetatable)
        // The `_at` text of each moment, made once: tasks share their moments with their
        // predecessors and successors.
        let moments = b.holdTable()
        let mt = Metatables(schedule: b.argument(args.schedule), entry: b.argument(args.entry), list: b.argument(args.list))
        let out = b.holdTable(fields: Int32(clamping: projects.count))

        func key(_ k: Key) { b.push(keys[k.rawValue]) }
        func date(_ d: Day?, _ k: Key) {
            guard let d else { return }
            key(k)
            dates.push(d, b)
            b.setField()
        }
        func moment(_ m: Moment?, _ day: Key, _ at: Key) {
            guard let m else { return }
            date(m.day, day)
            key(at)
            let n = Int64(m.minutes)
            if !b.pushCached(moments, n) {
                b.push(string: m.description)
                b.cacheTop(in: moments, at: n)
            }
            b.setField()
        }
        func number(_ v: Double?, _ k: Key) {
            guard let v else { return }
            key(k)
            b.push(number: v)
            b.setField()
        }
        func integer(_ v: Int?, _ k: Key) {
            guard let v else { return }
            key(k)
            b.push(integer: Int64(v))
            b.setField()
        }
        func text(_ v: String?, _ k: Key) {
            guard let v else { return }
            key(k)
            b.push(string: v)
            b.setField()
        }
        func boolean(_ v: Bool, _ k: Key) {
            key(k)
            b.push(boolean: v)
            b.setField()
        }
        func strings(_ list: [String]) {
            b.newTable(array: Int32(clamping: list.count))
            let t = b.top
            for (i, s) in list.enumerated() {
                b.push(string: s)
                b.append(to: t, at: i + 1)
            }
        }

        let limit = b.memoryLimit
        for (p, project) in projects.enumerated() {
            let network = project.network
            let result = results[p]
            let mpd = Double(network.minutesPerDay)
            b.push(string: network.projectId)
            b.newTable(fields: 11)
            text(network.projectId, .projectId)
            moment(result.start, .start, .startAt)
            moment(result.finish, .finish, .finishAt)
            number(result.criticalPathLengthMinutes.map { Double($0) / mpd }, .lengthDays)
            integer(network.minutesPerDay, .minutesPerDay)
            date(network.statusDate, .statusDate)

            key(.criticalPaths)
            b.newTable(array: Int32(clamping: result.criticalPaths.count))
            let paths = b.top
            for (i, path) in result.criticalPaths.enumerated() {
                strings(path)
                b.append(to: paths, at: i + 1)
            }
            b.setField()

            key(.problems)
            b.newTable(array: Int32(clamping: result.problems.count))
            let problems = b.top
            for (i, problem) in result.problems.enumerated() {
                b.newTable(fields: 3)
                text(problem.kind.rawValue, .kind)
                key(.taskIds)
                strings(problem.taskIds)
                b.setField()
                text(problem.message, .message)
                b.append(to: problems, at: i + 1)
            }
            b.setField()

            key(.tasks)
            b.newTable(array: Int32(clamping: withTasks ? network.tasks.count : 0))
            let list = b.top
            for (i, task) in network.tasks.enumerated() where withTasks {
                let detail = project.details[i]
                let scheduled = i < result.tasks.count && result.tasks[i].id == task.id ? result.tasks[i] : nil
                b.newTable(fields: entryFields)
                text(task.id, .id)
                text(detail.name, .name)
                text(detail.wbs, .wbs)
                boolean(task.isSummary, .isSummary)
                boolean(task.isMilestone, .isMilestone)
                boolean(task.isManual, .isManual)
                if let t = scheduled {
                    moment(t.earlyStart, .earlyStart, .earlyStartAt)
                    moment(t.earlyFinish, .earlyFinish, .earlyFinishAt)
                    moment(t.lateStart, .lateStart, .lateStartAt)
                    moment(t.lateFinish, .lateFinish, .lateFinishAt)
                    number(t.totalFloatMinutes.map { Double($0) / mpd }, .totalFloat)
                    number(t.freeFloatMinutes.map { Double($0) / mpd }, .freeFloat)
                    integer(t.totalFloatMinutes, .totalFloatMinutes)
                    integer(t.freeFloatMinutes, .freeFloatMinutes)
                    boolean(t.isCritical, .critical)
                    boolean(t.hasOpenStart, .openStart)
                    boolean(t.hasOpenFinish, .openFinish)
                } else {
                    boolean(false, .critical)
                }
                date(detail.baselineStart, .baselineStart)
                date(detail.baselineFinish, .baselineFinish)
                date(task.actualStart, .actualStart)
                date(task.actualFinish, .actualFinish)
                number(task.percentComplete, .percentComplete)
                text(task.constraint?.rawValue, .constraintType)
                date(task.constraintDate, .constraintDate)
                date(task.deadline, .deadline)
                number(detail.durationDays, .durationDays)
                b.setMetatable(mt.entry)
                b.append(to: list, at: i + 1)
            }
            b.setMetatable(mt.list)
            b.setField()

            b.setMetatable(mt.schedule)
            b.setField()   // out[project_id] = s
            if limit > 0, b.memoryUsed > limit {
                throw LuaRaise.memory("the schedules of \(projects.count) projects do not fit in the memory limit")
            }
        }
        b.finish(returning: out)
    }
}
