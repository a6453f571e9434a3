/// Cumulative-to-date planned value, earned value and actual cost at the end of one period.
///
/// Values are cumulative (from the project start to `periodEnd`), as earned value management
/// uses them: the latest row gives PV, EV and AC directly. `ev` and `ac` are nil for periods
/// that have not happened yet (the plan runs ahead of the actuals).
public struct TimephasedValue: Codable, Hashable, Sendable {
    /// The project.
    public var projectId: String
    /// The task, or nil for the project total.
    public var taskId: String?
    /// Last day of the period.
    public var periodEnd: Day
    /// Planned value (PV), cumulative: budgeted cost of work scheduled.
    public var pv: Double
    /// Earned value (EV), cumulative: budgeted cost of work performed.
    public var ev: Double?
    /// Actual cost (AC), cumulative: cost of work performed.
    public var ac: Double?

    /// Creates a time-phased value.
    public init(projectId: String, taskId: String? = nil, periodEnd: Day, pv: Double, ev: Double? = nil, ac: Double? = nil) {
        self.projectId = projectId
        self.taskId = taskId
        self.periodEnd = periodEnd
        self.pv = pv
        self.ev = ev
        self.ac = ac
    }
}

/// One numbered baseline (0 to 10, as in MS Project) of a project or of one of its tasks.
///
/// Re-baselining adds a row with a later `setOn`; the history of rows is the history of
/// re-baselining, and "as of" reads keep the rows set on or before the date.
public struct Baseline: Codable, Hashable, Sendable {
    /// Stable id, e.g. `PRJ-042/B0` or `PRJ-042/T17/B1`.
    public var id: String
    /// The project.
    public var projectId: String
    /// Baseline number, 0 to 10.
    public var number: Int
    /// The task, or nil for the whole project.
    public var taskId: String?
    /// The day the baseline was set.
    public var setOn: Day?
    /// Baseline start.
    public var start: Day?
    /// Baseline finish.
    public var finish: Day?
    /// Baseline cost (for a project baseline: its BAC).
    public var cost: Double?
    /// Baseline work in hours.
    public var workHours: Double?
    /// Why the baseline was (re)set.
    public var reason: String?

    /// Creates a baseline.
    public init(id: String, projectId: String, number: Int, taskId: String? = nil, setOn: Day? = nil,
                start: Day? = nil, finish: Day? = nil, cost: Double? = nil, workHours: Double? = nil, reason: String? = nil) {
        self.id = id
        self.projectId = projectId
        self.number = number
        self.taskId = taskId
        self.setOn = setOn
        self.start = start
        self.finish = finish
        self.cost = cost
        self.workHours = workHours
        self.reason = reason
    }
}

/// A dated status report as the project manager reported it.
///
/// The RAG (red/amber/green) values are what was *reported*; rules compare them with the
/// numbers to find a "false green".
public struct StatusReport: Codable, Hashable, Sendable {
    /// Stable id, e.g. `PRJ-042/S2026-03-31`.
    public var id: String
    /// The project.
    public var projectId: String
    /// The day the report describes.
    public var reportDate: Day
    /// Overall RAG.
    public var overall: RAG
    /// Schedule RAG.
    public var schedule: RAG?
    /// Cost RAG.
    public var cost: RAG?
    /// Scope RAG.
    public var scope: RAG?
    /// Quality RAG.
    public var quality: RAG?
    /// Free-text summary.
    public var summary: String?
    /// Who wrote it.
    public var author: String?

    /// Creates a status report.
    public init(id: String, projectId: String, reportDate: Day, overall: RAG, schedule: RAG? = nil, cost: RAG? = nil,
                scope: RAG? = nil, quality: RAG? = nil, summary: String? = nil, author: String? = nil) {
        self.id = id
        self.projectId = projectId
        self.reportDate = reportDate
        self.overall = overall
        self.schedule = schedule
        self.cost = cost
        self.scope = scope
        self.quality = quality
        self.summary = summary
        self.author = author
    }
}

/// Red / amber / green status.
public enum RAG: String, Codable, CaseIterable, Sendable, Comparable {
    /// On track.
    case green
    /// At risk; needs attention.
    case amber
    /// Off track; needs intervention.
    case red

    /// Green < amber < red: a larger value is worse.
    public static func < (a: RAG, b: RAG) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .green: 0
        case .amber: 1
        case .red: 2
        }
    }
}
