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
    /// Lag in working days (negative for lead).
    public var lagDays: Double

    /// Creates a link.
    public init(projectId: String, predecessorId: String, successorId: String, type: LinkType = .finishToStart, lagDays: Double = 0) {
        self.projectId = projectId
        self.predecessorId = predecessorId
        self.successorId = successorId
        self.type = type
        self.lagDays = lagDays
    }
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
