/// Any subset of the model, held in memory: what an importer produces, the demo generator
/// builds and a store writes in one transaction.
public struct Dataset: Codable, Hashable, Sendable {
    /// The PMO (normally zero or one row).
    public var organisation: [Organisation] = []
    /// Portfolios.
    public var portfolios: [Portfolio] = []
    /// Programs.
    public var programs: [Program] = []
    /// Projects.
    public var projects: [Project] = []
    /// Working-time calendars of projects, resources and tasks, with their week days, work
    /// weeks, exceptions and working times.
    public var calendars: [WorkCalendar] = []
    /// Calendars' work weeks.
    public var calendarWorkWeeks: [CalendarWorkWeek] = []
    /// Calendars' week days.
    public var calendarWeekDays: [CalendarWeekDay] = []
    /// Calendars' exceptions.
    public var calendarExceptions: [CalendarException] = []
    /// Working times of week days and exceptions.
    public var calendarTimes: [CalendarTime] = []
    /// Strategic scores of projects.
    public var strategicScores: [StrategicScore] = []
    /// WBS tasks.
    public var tasks: [WBSTask] = []
    /// Task dependencies.
    public var taskLinks: [TaskLink] = []
    /// Milestones.
    public var milestones: [Milestone] = []
    /// Deliverables.
    public var deliverables: [Deliverable] = []
    /// Cumulative PV/EV/AC per period.
    public var timephased: [TimephasedValue] = []
    /// Numbered baselines and their history.
    public var baselines: [Baseline] = []
    /// The resource pool.
    public var resources: [Resource] = []
    /// Planned hours.
    public var assignments: [Assignment] = []
    /// Booked hours.
    public var timesheets: [Timesheet] = []
    /// Status reports.
    public var statusReports: [StatusReport] = []
    /// Risks.
    public var risks: [Risk] = []
    /// Issues.
    public var issues: [Issue] = []
    /// Change requests.
    public var changeRequests: [ChangeRequest] = []
    /// Decisions.
    public var decisions: [Decision] = []
    /// Stakeholders.
    public var stakeholders: [Stakeholder] = []
    /// Benefits.
    public var benefits: [Benefit] = []
    /// Benefit values over time.
    public var benefitValues: [BenefitValue] = []
    /// Phase gates of the methodology.
    public var phaseGates: [PhaseGate] = []
    /// Artifacts each gate requires.
    public var gateRequirements: [GateRequirement] = []
    /// Projects' gate evidence.
    public var gateEvidence: [GateEvidence] = []
    /// Jira-like work items.
    public var workItems: [WorkItem] = []
    /// Fields without a model column.
    public var customFields: [CustomField] = []

    /// An empty dataset.
    public init() {}
}
