/// A task of a project's work breakdown structure (WBS).
///
/// Named `WBSTask` rather than `Task` so that it never shadows Swift's concurrency `Task`.
public struct WBSTask: Codable, Hashable, Sendable {
    /// Stable id, unique across projects, e.g. `PRJ-042/T17`.
    public var id: String
    /// The project the task belongs to.
    public var projectId: String
    /// The task's own working-time calendar (MSPDI `Task/CalendarUID`), nil when it uses the
    /// project's.
    public var calendarId: String? = nil
    /// The summary task above this one.
    public var parentId: String?
    /// WBS code, e.g. `1.2.3`.
    public var wbs: String?
    /// Task name.
    public var name: String
    /// Depth in the outline: 1 for top-level tasks.
    public var outlineLevel: Int?
    /// True for a summary (roll-up) task.
    public var isSummary: Bool
    /// True for a milestone (zero-duration) task.
    public var isMilestone: Bool
    /// Baseline (baseline 0) start.
    public var baselineStart: Day?
    /// Baseline (baseline 0) finish.
    public var baselineFinish: Day?
    /// Current (forecast) start.
    public var forecastStart: Day?
    /// Current (forecast) finish.
    public var forecastFinish: Day?
    /// Actual start.
    public var actualStart: Day?
    /// Actual finish.
    public var actualFinish: Day?
    /// Percent complete, 0 to 100.
    public var percentComplete: Double?
    /// Planned work in hours.
    public var workHours: Double?
    /// Planned cost.
    public var cost: Double?
    /// Position in the project's outline, 1 for the first row (MS Project's task `ID`); a
    /// project's tasks are listed in this order, then by id. Nil when the source gives none.
    public var outlinePosition: Int?
    /// The scheduling constraint on the task's dates (nil: none given, as ASAP).
    public var constraintType: ConstraintType?
    /// The constraint's date (for every type but ASAP and ALAP).
    public var constraintDate: Day?
    /// The date the task should finish by; unlike a constraint, it does not move the task.
    public var deadline: Day?
    /// True for a manually scheduled task: the tool's scheduler does not move its dates.
    public var isManual: Bool = false
    /// Duration in working days (of the project's `minutesPerDay`), or in 24-hour days when
    /// `durationFormat` is elapsed (`ed`, `eh`...).
    public var durationDays: Double?
    /// How the scheduling tool showed the duration: MS Project's `d`, `ed`, `h`, `w`...,
    /// with `?` for an estimate; an `e` format is elapsed time. Nil: the tool's default (days).
    public var durationFormat: String?
    /// Duration left, in the days of `durationDays`.
    public var remainingDurationDays: Double?
    /// Early start as the scheduling tool that wrote the plan computed it (MS Project's
    /// `EarlyStart`), kept as reported, never recomputed by pmo.
    public var reportedEarlyStart: Day?
    /// Early finish as the scheduling tool reported it.
    public var reportedEarlyFinish: Day?
    /// Late start as the scheduling tool reported it.
    public var reportedLateStart: Day?
    /// Late finish as the scheduling tool reported it.
    public var reportedLateFinish: Day?
    /// Total slack (float) in working days, as the scheduling tool reported it.
    public var reportedTotalSlackDays: Double?
    /// Free slack in working days, as the scheduling tool reported it.
    public var reportedFreeSlackDays: Double?
    /// Whether the scheduling tool reported the task critical.
    public var reportedCritical: Bool?

    /// Creates a task.
    public init(id: String, projectId: String, parentId: String? = nil, wbs: String? = nil, name: String,
                outlineLevel: Int? = nil, isSummary: Bool = false, isMilestone: Bool = false,
                baselineStart: Day? = nil, baselineFinish: Day? = nil,
                forecastStart: Day? = nil, forecastFinish: Day? = nil,
                actualStart: Day? = nil, actualFinish: Day? = nil,
                percentComplete: Double? = nil, workHours: Double? = nil, cost: Double? = nil, outlinePosition: Int? = nil) {
        self.id = id
        self.projectId = projectId
        self.parentId = parentId
        self.wbs = wbs
        self.name = name
        self.outlineLevel = outlineLevel
        self.isSummary = isSummary
        self.isMilestone = isMilestone
        self.baselineStart = baselineStart
        self.baselineFinish = baselineFinish
        self.forecastStart = forecastStart
        self.forecastFinish = forecastFinish
        self.actualStart = actualStart
        self.actualFinish = actualFinish
        self.percentComplete = percentComplete
        self.workHours = workHours
        self.cost = cost
        self.outlinePosition = outlinePosition
    }
}

/// A dependency between two tasks: the successor waits on the predecessor.
public struct TaskLink: Codable, Hashable, Sendable {
    /// The project holding both tasks.
    public var projectId: String
    /// The task that drives.
    public var predecessorId: String
    /// The task that waits.
    public var successorId: String
    /// Which ends are linked.
    public var type: LinkType
    /// The lag in days, negative for lead: working days (of the project's `minutesPerDay`)
    /// for a working lag, 24-hour days for an elapsed one, and for a percent lag that percent
    /// of the predecessor's duration in working days. `lagUnit` says which.
    public var lagDays: Double
    /// The lag in its unit, as the source gave it: days for a day unit, a percent of the
    /// predecessor's duration for a percent unit. Nil when the source gives no unit.
    public var lagAmount: Double?
    /// What `lagAmount` counts; nil when the source gives no unit (read `lagDays` as working days).
    public var lagUnit: LagUnit?
    /// The lag's format as the scheduling tool showed it: MS Project's `d`, `ed`, `h`, `%`,
    /// `e%`..., with `?` for an estimate (`d?`).
    public var lagFormat: String?

    /// Creates a link.
    public init(projectId: String, predecessorId: String, successorId: String, type: LinkType = .finishToStart, lagDays: Double = 0) {
        self.projectId = projectId
        self.predecessorId = predecessorId
        self.successorId = successorId
        self.type = type
        self.lagDays = lagDays
    }
}

/// What a link's lag counts.
public enum LagUnit: String, Codable, CaseIterable, Sendable {
    /// Working days: time on the calendar's working hours.
    case workingDays = "working_days"
    /// Elapsed days: 24-hour days, weekends and holidays included.
    case elapsedDays = "elapsed_days"
    /// A percent of the predecessor's duration, in working time.
    case percent
    /// A percent of the predecessor's duration, in elapsed time.
    case elapsedPercent = "elapsed_percent"
}

/// A task's scheduling constraint, as MS Project names them (Microsoft, Project XML Data
/// Interchange schema reference, Task element `ConstraintType`, values 0 to 7 in this order).
public enum ConstraintType: String, Codable, CaseIterable, Sendable {
    /// As soon as possible.
    case asSoonAsPossible = "ASAP"
    /// As late as possible.
    case asLateAsPossible = "ALAP"
    /// Must start on the constraint date.
    case mustStartOn = "MSO"
    /// Must finish on the constraint date.
    case mustFinishOn = "MFO"
    /// Start no earlier than the constraint date.
    case startNoEarlierThan = "SNET"
    /// Start no later than the constraint date.
    case startNoLaterThan = "SNLT"
    /// Finish no earlier than the constraint date.
    case finishNoEarlierThan = "FNET"
    /// Finish no later than the constraint date.
    case finishNoLaterThan = "FNLT"
}

/// Dependency type, as scheduling tools name them.
public enum LinkType: String, Codable, CaseIterable, Sendable {
    /// Finish-to-start: the successor starts after the predecessor finishes (the usual case).
    case finishToStart = "FS"
    /// Start-to-start.
    case startToStart = "SS"
    /// Finish-to-finish.
    case finishToFinish = "FF"
    /// Start-to-finish.
    case startToFinish = "SF"
}

/// A milestone a project reports on: a dated checkpoint with baseline, forecast and actual.
public struct Milestone: Codable, Hashable, Sendable {
    /// Stable id, e.g. `PRJ-042/M3`.
    public var id: String
    /// The project.
    public var projectId: String
    /// The schedule task that represents the milestone, if any.
    public var taskId: String?
    /// Milestone name.
    public var name: String
    /// Approved date.
    public var baselineDate: Day?
    /// Current forecast.
    public var forecastDate: Day?
    /// Date reached; nil while open.
    public var actualDate: Day?

    /// Creates a milestone.
    public init(id: String, projectId: String, taskId: String? = nil, name: String,
                baselineDate: Day? = nil, forecastDate: Day? = nil, actualDate: Day? = nil) {
        self.id = id
        self.projectId = projectId
        self.taskId = taskId
        self.name = name
        self.baselineDate = baselineDate
        self.forecastDate = forecastDate
        self.actualDate = actualDate
    }
}

/// Something a project hands over, due on a date and accepted (or not) by the customer.
public struct Deliverable: Codable, Hashable, Sendable {
    /// Stable id, e.g. `PRJ-042/D1`.
    public var id: String
    /// The project.
    public var projectId: String
    /// The task producing it, if any.
    public var taskId: String?
    /// Deliverable name.
    public var name: String
    /// Due date.
    public var dueDate: Day?
    /// Date accepted; nil while not accepted.
    public var acceptedDate: Day?

    /// Creates a deliverable.
    public init(id: String, projectId: String, taskId: String? = nil, name: String, dueDate: Day? = nil, acceptedDate: Day? = nil) {
        self.id = id
        self.projectId = projectId
        self.taskId = taskId
        self.name = name
        self.dueDate = dueDate
        self.acceptedDate = acceptedDate
    }
}
