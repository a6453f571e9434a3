import Days

/// A moment in a plan's floating local time (no time zone, as MS Project writes its dates):
/// whole minutes since 1970-01-01T00:00.
public struct Moment: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since 1970-01-01T00:00.
    public var minutes: Int

    /// The moment `minutes` minutes after 1970-01-01T00:00.
    public init(minutes: Int) { self.minutes = minutes }

    /// The moment `minuteOfDay` minutes into `day`.
    public init(day: Day, minuteOfDay: Int = 0) {
        self.minutes = Int(day.daysSinceEpoch) * Moment.minutesPerDay + minuteOfDay
    }

    /// Minutes in a 24-hour day.
    public static let minutesPerDay = 1440

    /// The day the moment falls on.
    public var day: Day {
        let (q, r) = minutes.quotientAndRemainder(dividingBy: Moment.minutesPerDay)
        return Day(daysSinceEpoch: Int32(truncatingIfNeeded: r < 0 ? q - 1 : q))
    }

    /// Minutes since the day's midnight, 0 to 1439.
    public var minuteOfDay: Int {
        let r = minutes % Moment.minutesPerDay
        return r < 0 ? r + Moment.minutesPerDay : r
    }

    /// `yyyy-mm-ddThh:mm`.
    public var description: String {
        let m = minuteOfDay
        let hh = m / 60, mm = m % 60
        return "\(day)T\(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm)"
    }

    public static func < (a: Moment, b: Moment) -> Bool { a.minutes < b.minutes }
}

/// One project's network as the critical path engine reads it: the tasks and links of the
/// store, with durations and lags in working minutes of the project's `minutesPerDay`.
public struct ScheduleNetwork: Sendable {
    /// The project.
    public var projectId: String
    /// When the project starts (MS Project's `StartDate`; the store's `projects.start_date`
    /// at the project calendar's first working minute of that day).
    public var start: Moment
    /// The status date: work not done by it is not scheduled before it (a started task's
    /// remaining work resumes after it, an unstarted task starts after it). Nil: unstarted work
    /// is scheduled from the project start. Actual dates are kept either way (MS Project
    /// replaces a task's scheduled dates by its actual ones).
    public var statusDate: Day?
    /// Working minutes in a day of duration (MS Project's `MinutesPerDay`, 480 by default).
    public var minutesPerDay: Int
    /// The project's calendar; nil: the engine's standard calendar (Monday to Friday,
    /// 08:00-12:00 and 13:00-17:00, as MS Project's `Standard`).
    public var calendarId: String?
    /// Tasks, in outline order.
    public var tasks: [ScheduleTask]
    /// Links between tasks of `tasks`.
    public var links: [ScheduleLink]

    public init(projectId: String, start: Moment, statusDate: Day? = nil, minutesPerDay: Int = 480,
                calendarId: String? = nil, tasks: [ScheduleTask] = [], links: [ScheduleLink] = []) {
        self.projectId = projectId
        self.start = start
        self.statusDate = statusDate
        self.minutesPerDay = minutesPerDay
        self.calendarId = calendarId
        self.tasks = tasks
        self.links = links
    }
}

/// A task as the engine reads it.
public struct ScheduleTask: Sendable {
    /// The task's id (`tasks.id`).
    public var id: String
    /// The summary task above it.
    public var parentId: String?
    /// A summary task: its dates are rolled up from its children, its own duration ignored.
    public var isSummary: Bool
    /// A milestone.
    public var isMilestone: Bool
    /// Manually scheduled: its dates are `manualStart`/`manualFinish`, never moved.
    public var isManual: Bool
    /// Duration in working minutes (elapsed minutes when `isElapsed`); nil when the store has
    /// none (the engine reports the task, it does not guess).
    public var durationMinutes: Int?
    /// The duration is elapsed time (MS Project's `ed`, `eh`...): 24-hour days.
    public var isElapsed: Bool
    /// Working minutes left, when progress is reported.
    public var remainingMinutes: Int?
    /// Actual start and finish, when reported.
    public var actualStart: Day?
    public var actualFinish: Day?
    /// Percent complete, 0 to 100.
    public var percentComplete: Double?
    /// The constraint (nil: as soon as possible) and its date.
    public var constraint: ConstraintType?
    public var constraintDate: Day?
    /// The date the task should finish by; it does not move the task.
    public var deadline: Day?
    /// The task's own calendar; nil: the project's.
    public var calendarId: String?
    /// A manual task's dates (the store's forecast start and finish).
    public var manualStart: Day?
    public var manualFinish: Day?

    public init(id: String, parentId: String? = nil, isSummary: Bool = false, isMilestone: Bool = false,
                isManual: Bool = false, durationMinutes: Int? = nil, isElapsed: Bool = false,
                remainingMinutes: Int? = nil, actualStart: Day? = nil, actualFinish: Day? = nil,
                percentComplete: Double? = nil, constraint: ConstraintType? = nil, constraintDate: Day? = nil,
                deadline: Day? = nil, calendarId: String? = nil, manualStart: Day? = nil, manualFinish: Day? = nil) {
        self.id = id
        self.parentId = parentId
        self.isSummary = isSummary
        self.isMilestone = isMilestone
        self.isManual = isManual
        self.durationMinutes = durationMinutes
        self.isElapsed = isElapsed
        self.remainingMinutes = remainingMinutes
        self.actualStart = actualStart
        self.actualFinish = actualFinish
        self.percentComplete = percentComplete
        self.constraint = constraint
        self.constraintDate = constraintDate
        self.deadline = deadline
        self.calendarId = calendarId
        self.manualStart = manualStart
        self.manualFinish = manualFinish
    }
}

/// A link as the engine reads it.
public struct ScheduleLink: Sendable {
    public var predecessorId: String
    public var successorId: String
    public var type: LinkType
    /// The lag, negative for a lead: working minutes on the successor's calendar, or elapsed
    /// minutes when `isElapsed`. A percent lag is resolved by the engine from `percent`.
    public var lagMinutes: Int
    /// The lag counts 24-hour time.
    public var isElapsed: Bool
    /// For a percent lag: the percent of the predecessor's duration (`lagMinutes` is then 0).
    public var percent: Double?

    public init(predecessorId: String, successorId: String, type: LinkType = .finishToStart, lagMinutes: Int = 0,
                isElapsed: Bool = false, percent: Double? = nil) {
        self.predecessorId = predecessorId
        self.successorId = successorId
        self.type = type
        self.lagMinutes = lagMinutes
        self.isElapsed = isElapsed
        self.percent = percent
    }
}

/// Working time on one calendar, as the engine asks it: a monotone count of working minutes
/// since some origin of the implementation's choosing, and the moments that count maps back to.
///
/// A class (single-threaded, it may extend a cache as it is asked about later dates).
public protocol WorkTimeline: AnyObject {
    /// Working minutes worked from the origin up to moment `m` (flat over non-working time).
    func worked(at m: Moment) -> Int
    /// The moment work resumes with `w` minutes worked: the start of the next working minute
    /// (where a task starts, e.g. 08:00 Monday after a Friday finishing at 17:00).
    func startMoment(worked w: Int) -> Moment
    /// The moment `w` minutes have just been worked: the end of the `w`th working minute
    /// (where a task finishes, e.g. 17:00 Friday, not 08:00 Monday).
    func finishMoment(worked w: Int) -> Moment
}

/// The engine's answer for one task.
public struct ScheduledTask: Sendable {
    public var id: String
    public var earlyStart: Moment?
    public var earlyFinish: Moment?
    public var lateStart: Moment?
    public var lateFinish: Moment?
    /// Total float (slack) in working minutes of the task's calendar; negative when the task
    /// is late against a constraint or deadline.
    public var totalFloatMinutes: Int?
    /// Free float in working minutes of the task's calendar.
    public var freeFloatMinutes: Int?
    /// Critical: total float at or below zero (MS Project's default "tasks are critical if
    /// slack is less than or equal to 0 days"), and not finished (MS Project never marks a
    /// finished task critical).
    public var isCritical: Bool
    /// No predecessor (other than the project start) / no successor (other than the finish).
    public var hasOpenStart: Bool
    public var hasOpenFinish: Bool

    public init(id: String, earlyStart: Moment? = nil, earlyFinish: Moment? = nil, lateStart: Moment? = nil,
                lateFinish: Moment? = nil, totalFloatMinutes: Int? = nil, freeFloatMinutes: Int? = nil,
                isCritical: Bool = false, hasOpenStart: Bool = false, hasOpenFinish: Bool = false) {
        self.id = id
        self.earlyStart = earlyStart
        self.earlyFinish = earlyFinish
        self.lateStart = lateStart
        self.lateFinish = lateFinish
        self.totalFloatMinutes = totalFloatMinutes
        self.freeFloatMinutes = freeFloatMinutes
        self.isCritical = isCritical
        self.hasOpenStart = hasOpenStart
        self.hasOpenFinish = hasOpenFinish
    }
}

/// Something in the network the engine could not schedule as given, named, never guessed.
public struct ScheduleProblem: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Links that form a loop; `taskIds` lists the tasks on it.
        case cycle
        /// A link naming a task that is not in the network.
        case unknownTask = "unknown_task"
        /// A non-summary task with no duration.
        case noDuration = "no_duration"
        /// A calendar id with no calendar.
        case unknownCalendar = "unknown_calendar"
    }
    public var kind: Kind
    public var taskIds: [String]
    public var message: String

    public init(kind: Kind, taskIds: [String], message: String) {
        self.kind = kind
        self.taskIds = taskIds
        self.message = message
    }
}

/// The engine's answer for one project.
public struct ScheduleResult: Sendable {
    public var projectId: String
    /// Per task, in the network's task order.
    public var tasks: [ScheduledTask]
    /// The project's start and early finish (the latest early finish of its tasks).
    public var start: Moment
    public var finish: Moment?
    /// The critical paths: each a chain of task ids from a start to the finish through
    /// driving links of critical tasks, longest first.
    public var criticalPaths: [[String]]
    /// Working minutes on the project calendar from start to finish.
    public var criticalPathLengthMinutes: Int?
    /// What could not be scheduled as given.
    public var problems: [ScheduleProblem]

    public init(projectId: String, tasks: [ScheduledTask], start: Moment, finish: Moment?, criticalPaths: [[String]],
                criticalPathLengthMinutes: Int?, problems: [ScheduleProblem]) {
        self.projectId = projectId
        self.tasks = tasks
        self.start = start
        self.finish = finish
        self.criticalPaths = criticalPaths
        self.criticalPathLengthMinutes = criticalPathLengthMinutes
        self.problems = problems
    }
}

/// The calendars a network's tasks name, resolved for the engine.
public protocol WorkTimelines: AnyObject {
    /// The timeline of calendar `calendarId`; nil id: the standard calendar (Monday to Friday,
    /// 08:00-12:00 and 13:00-17:00). Nil answer: no such calendar (the engine reports it and
    /// uses the project's).
    func timeline(for calendarId: String?) -> (any WorkTimeline)?
}
