#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import GRDB
import PMOModel

/// The store's answer to "the networks of these projects, for the critical path engine":
/// each project's `ScheduleNetwork` and the calendars its tasks name, read set-based (one
/// query a table for all the projects asked, not one a project) through whatever views the
/// read is under, so a read as of a date (`pmo.asof`, `PortfolioStore.scriptRead(at:)`) sees
/// the tasks and links as they were known then.
///
/// How the store's columns become the engine's minutes (docs/schema.md, docs/architecture.md):
/// - **Project start**: `projects.forecast_start` (the MSPDI importer's `StartDate`), else its
///   `actual_start`, else its `baseline_start`, else the earliest forecast (else baseline) start
///   of its tasks, else its status date, else 1970-01-01; at the first working minute of that
///   day or after it on the project's calendar (MS Project starts a plan's tasks at its start
///   date's working time); a forecast start with a `forecast_start_minute` (v11, MS Project's
///   `StartDate` time) starts at that minute of its day, or the next working minute after it.
/// - **Minutes per day**: `projects.minutes_per_day` (v8), 480 when NULL (MS Project's default,
///   Microsoft's MSPDI schema reference, `MinutesPerDay`).
/// - **Status date**: `projects.status_date`, no later than the as-of date of the read.
///   Actual dates after the as-of date are not yet known then, and are left out.
/// - **Durations**: `duration_days * minutes_per_day` working minutes, rounded to the minute;
///   an elapsed format (`ed`, `eh`..., MS Project's elapsed durations) is `duration_days * 1440`
///   minutes of 24-hour time. A task with no `duration_days`: the working minutes of its
///   calendar from the start of its forecast start day to the end of its forecast finish day
///   (whole days inclusive), else of its baseline dates; a milestone with neither is 0 minutes
///   (MS Project: a milestone is a task of zero duration); anything else has none (nil: the
///   engine reports it, `no_duration`). A summary task's own duration is read as given: the
///   engine rolls its dates up from its children.
/// - **Remaining duration**: `remaining_duration_days` the same way as the duration.
/// - **Manual tasks** (`is_manual`): their forecast start and finish are their manual dates.
/// - **Links**: a lag in `working_days` is `lag_days * minutes_per_day` working minutes; in
///   `elapsed_days` `lag_days * 1440` elapsed minutes; a `percent` (`elapsed_percent`) lag is
///   `lag_amount` percent of the predecessor's duration (in elapsed time), which the engine
///   resolves; a row with no `lag_unit` (written before v8) is `lag_days * 480` working minutes,
///   as docs/schema.md says of those rows.
/// - **Calendars**: the calendars of the projects read and their base chains
///   (`CalendarQuery`), one `CalendarTimelines` for them all; a task's or the project's
///   `calendar_id` is handed to the engine as is.
public enum ScheduleQuery {
    /// What the read gives of one task beyond the network: what the Lua entries copy from the task.
    public struct TaskDetail: Sendable {
        public var name: String
        public var wbs: String?
        public var baselineStart: Day?
        public var baselineFinish: Day?
        public var durationDays: Double?
    }

    /// One project: its network, its calendars, and for each task of `network.tasks` (same
    /// positions) what the network does not carry.
    public struct Project {
        public var network: ScheduleNetwork
        /// The calendars of the projects read (`CalendarQuery`: theirs and their base chains),
        /// as the engine asks them; one instance shared by the projects of a read.
        public var calendars: CalendarTimelines
        /// Parallel to `network.tasks`.
        public var details: [TaskDetail]
        /// `projects.status_date` as stored (the network's is no later than the as-of date).
        public var storedStatusDate: Day?
    }

    /// More ids than this are filtered in Swift from a read of every row, not bound one by one.
    static let boundIdLimit = 500

    /// The projects `projectIds` (nil: every project), in id order, as the store holds them
    /// (as of `asOf` for the status date and actual dates; the read's own view decides which
    /// rows exist). Ids that name no project are left out.
    public static func read(_ db: Database, projectIds: [String]?, asOf: Day? = nil) throws -> [Project] {
        let filter = projectIds.map { Set($0) }
        let bound = projectIds.map { Array(Set($0)).sorted() }.flatMap { $0.count <= boundIdLimit ? $0 : nil }
        func whereClause(_ column: String) -> String {
            guard let bound else { return "" }
            if bound.isEmpty { return " WHERE 0" }
            return " WHERE \(column) IN (" + Array(repeating: "?", count: bound.count).joined(separator: ",") + ")"
        }
        let arguments: [DatabaseValue] = bound?.map(\.databaseValue) ?? []
        func wanted(_ id: String) -> Bool { bound != nil || filter.map { $0.contains(id) } ?? true }

        // Projects.
        var heads: [Head] = []
        do {
            let rows = try EVMInputsQuery.Rows(db, """
                SELECT id, forecast_start, actual_start, baseline_start, status_date, minutes_per_day, calendar_id,
                       forecast_start_minute
                FROM projects\(whereClause("id")) ORDER BY id
                """, arguments)
            while let s = try rows.next() {
                guard let id = EVMInputsQuery.text(s, 0), wanted(id) else { continue }
                var h = Head(id: id)
                h.start = EVMInputsQuery.day(s, 1) ?? EVMInputsQuery.day(s, 2) ?? EVMInputsQuery.day(s, 3)
                if EVMInputsQuery.day(s, 1) != nil, let minute = EVMInputsQuery.double(s, 7), minute >= 0, minute < 1440 {
                    h.startMinute = Int(minute)
                }
                h.storedStatusDate = EVMInputsQuery.day(s, 4)
                if let mpd = EVMInputsQuery.double(s, 5), mpd >= 1, mpd <= 1440 { h.minutesPerDay = Int(mpd) }
                h.calendarId = EVMInputsQuery.text(s, 6)
                heads.append(h)
            }
        }
        var positions = EVMInputsQuery.Positions(heads.map(\.id))

        // Tasks, in each project's outline order (ScriptReads.order).
        var tasks = [[RawTask]](repeating: [], count: heads.count)
        do {
            let rows = try EVMInputsQuery.Rows(db, """
                SELECT project_id, id, parent_id, is_summary, is_milestone, is_manual, duration_days, duration_format,
                       remaining_duration_days, actual_start, actual_finish, percent_complete, constraint_type,
                       constraint_date, deadline, calendar_id, forecast_start, forecast_finish, baseline_start,
                       baseline_finish, name, wbs
                FROM tasks\(whereClause("project_id")) ORDER BY project_id, outline_position, id
                """, arguments)
            while let s = try rows.next() {
                guard let p = positions.position(of: EVMInputsQuery.bytes(s, 0)) else { continue }
                let format = EVMInputsQuery.text(s, 7)
                var t = ScheduleTask(id: EVMInputsQuery.text(s, 1) ?? "")
                t.parentId = EVMInputsQuery.text(s, 2)
                t.isSummary = sqlite3_column_int64(s, 3) != 0
                t.isMilestone = sqlite3_column_int64(s, 4) != 0
                t.isManual = sqlite3_column_int64(s, 5) != 0
                // MS Project's elapsed duration formats begin with `e` (`em`, `eh`, `ed`, `ew`,
                // `emo`; MSPDI schema reference, DurationFormat 35-53 / 44-... as the importer names them).
                t.isElapsed = format?.hasPrefix("e") ?? false
                t.actualStart = EVMInputsQuery.day(s, 9)
                t.actualFinish = EVMInputsQuery.day(s, 10)
                t.percentComplete = EVMInputsQuery.double(s, 11)
                t.constraint = EVMInputsQuery.text(s, 12).flatMap(ConstraintType.init(rawValue:))
                t.constraintDate = EVMInputsQuery.day(s, 13)
                t.deadline = EVMInputsQuery.day(s, 14)
                t.calendarId = EVMInputsQuery.text(s, 15)
                let forecastStart = EVMInputsQuery.day(s, 16), forecastFinish = EVMInputsQuery.day(s, 17)
                if t.isManual {
                    t.manualStart = forecastStart
                    t.manualFinish = forecastFinish
                }
                let detail = TaskDetail(name: EVMInputsQuery.text(s, 20) ?? "", wbs: EVMInputsQuery.text(s, 21),
                                        baselineStart: EVMInputsQuery.day(s, 18), baselineFinish: EVMInputsQuery.day(s, 19),
                                        durationDays: EVMInputsQuery.double(s, 6))
                tasks[p].append(RawTask(task: t, detail: detail, remainingDays: EVMInputsQuery.double(s, 8),
                                        forecastStart: forecastStart, forecastFinish: forecastFinish))
            }
        }

        // Links.
        var links = [[ScheduleLink]](repeating: [], count: heads.count)
        do {
            positions = EVMInputsQuery.Positions(heads.map(\.id))
            let rows = try EVMInputsQuery.Rows(db, """
                SELECT project_id, predecessor_id, successor_id, type, lag_days, lag_amount, lag_unit
                FROM task_links\(whereClause("project_id")) ORDER BY project_id, predecessor_id, successor_id
                """, arguments)
            while let s = try rows.next() {
                guard let p = positions.position(of: EVMInputsQuery.bytes(s, 0)) else { continue }
                var link = ScheduleLink(predecessorId: EVMInputsQuery.text(s, 1) ?? "", successorId: EVMInputsQuery.text(s, 2) ?? "")
                link.type = EVMInputsQuery.text(s, 3).flatMap(LinkType.init(rawValue:)) ?? .finishToStart
                let lagDays = EVMInputsQuery.double(s, 4) ?? 0
                switch EVMInputsQuery.text(s, 6).flatMap(LagUnit.init(rawValue:)) {
                case .workingDays?:
                    link.lagMinutes = minutes(lagDays, per: heads[p].minutesPerDay)
                case .elapsedDays?:
                    link.lagMinutes = minutes(lagDays, per: Moment.minutesPerDay)
                    link.isElapsed = true
                case .percent?:
                    link.percent = EVMInputsQuery.double(s, 5) ?? 0
                case .elapsedPercent?:
                    link.percent = EVMInputsQuery.double(s, 5) ?? 0
                    link.isElapsed = true
                case nil:
                    // Rows written before v8 have no unit: days of 480 minutes (docs/schema.md).
                    link.lagMinutes = minutes(lagDays, per: 480)
                }
                links[p].append(link)
            }
        }

        // Calendars: one set for all the projects read (ids are unique across projects), so
        // that a calendar every project uses (the standard one, or copies of `Standard` with
        // the same rules) is resolved once.
        let calendars = try CalendarQuery.read(db, projectIds: projectIds)

        var out: [Project] = []
        out.reserveCapacity(heads.count)
        for (p, h) in heads.enumerated() {
            out.append(assemble(h, tasks: tasks[p], links: links[p], calendars: calendars, asOf: asOf))
        }
        return out
    }

    /// `days` days of `per` minutes, rounded to the minute (durations, lags, delays); out of the range a plan can hold
    /// (more than a million years), clamped.
    public static func minutes(_ days: Double, per: Int) -> Int {
        let m = (days * Double(per)).rounded()
        guard m.isFinite else { return m > 0 ? maxMinutes : (m < 0 ? -maxMinutes : 0) }
        return Int(max(-Double(maxMinutes), min(Double(maxMinutes), m)))
    }

    /// About 1,900 years of minutes: past any plan, far from Int's bounds.
    static let maxMinutes = 1_000_000_000

    /// A project's row, as read.
    struct Head {
        var id: String
        var start: Day?
        var storedStatusDate: Day?
        var minutesPerDay = 480
        var calendarId: String?
        /// `forecast_start_minute`, when `start` is the forecast start.
        var startMinute: Int?
    }

    /// A task's row before its durations are resolved on its calendar.
    struct RawTask {
        var task: ScheduleTask
        var detail: TaskDetail
        var remainingDays: Double?
        var forecastStart: Day?
        var forecastFinish: Day?
    }

    /// Resolves the durations and the start of a project on its calendars.
    static func assemble(_ h: Head, tasks raw: [RawTask], links: [ScheduleLink], calendars: CalendarTimelines, asOf: Day?) -> Project {
        let mpd = h.minutesPerDay
        var statusDate = h.storedStatusDate
        if let asOf, let d = statusDate, d > asOf { statusDate = asOf }
        let projectTimeline = calendars.timeline(for: h.calendarId) ?? calendars.timeline(for: nil)

        var tasks: [ScheduleTask] = []
        var details: [TaskDetail] = []
        tasks.reserveCapacity(raw.count)
        details.reserveCapacity(raw.count)
        var earliest: Day?
        for r in raw {
            var t = r.task
            let per = t.isElapsed ? Moment.minutesPerDay : mpd
            if let asOf {
                // Not yet known on the as-of date.
                if let d = t.actualStart, d > asOf { t.actualStart = nil }
                if let d = t.actualFinish, d > asOf { t.actualFinish = nil }
            }
            if let days = r.detail.durationDays {
                t.durationMinutes = minutes(days, per: per)
            } else if !t.isSummary {
                t.durationMinutes = spanMinutes(r.forecastStart, r.forecastFinish, t, calendars, projectTimeline)
                    ?? spanMinutes(r.detail.baselineStart, r.detail.baselineFinish, t, calendars, projectTimeline)
                    ?? (t.isMilestone ? 0 : nil)
            }
            t.remainingMinutes = r.remainingDays.map { minutes($0, per: per) }
            if let d = r.forecastStart ?? r.detail.baselineStart, earliest.map({ d < $0 }) ?? true { earliest = d }
            tasks.append(t)
            details.append(r.detail)
        }
        let startDay = h.start ?? earliest ?? statusDate ?? Day(daysSinceEpoch: 0)
        var start = Moment(day: startDay, minuteOfDay: h.startMinute ?? 0)
        if let timeline = projectTimeline {
            start = timeline.startMoment(worked: timeline.worked(at: start))
        }
        let network = ScheduleNetwork(projectId: h.id, start: start, statusDate: statusDate, minutesPerDay: mpd,
                                      calendarId: h.calendarId, tasks: tasks, links: links)
        return Project(network: network, calendars: calendars, details: details, storedStatusDate: h.storedStatusDate)
    }

    /// The working minutes of the task's calendar (else the project's) from the start of day
    /// `from` to the end of day `to`, or 24-hour minutes for an elapsed task; nil without both
    /// days, or when `to` is before `from`.
    static func spanMinutes(_ from: Day?, _ to: Day?, _ t: ScheduleTask, _ calendars: CalendarTimelines,
                            _ projectTimeline: (any WorkTimeline)?) -> Int? {
        guard let from, let to, to >= from else { return nil }
        let begin = Moment(day: from), end = Moment(minutes: Moment(day: to).minutes + Moment.minutesPerDay)
        if t.isElapsed { return end.minutes - begin.minutes }
        guard let timeline = t.calendarId.flatMap({ calendars.timeline(for: $0) }) ?? projectTimeline else { return nil }
        return timeline.worked(at: end) - timeline.worked(at: begin)
    }
}
