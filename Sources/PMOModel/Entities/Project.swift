/// A project: the unit a PMO tracks, with its dates, budget and phase.
///
/// Dates come in three flavours: `baseline*` (the approved plan), `forecast*` (the current
/// best estimate) and `actual*` (what happened). `bac` is the budget at completion, the total
/// planned value of the project in the organisation's currency.
public struct Project: Codable, Hashable, Sendable {
    /// Stable id (the project code), e.g. `PRJ-042`.
    public var id: String
    /// Display name.
    public var name: String
    /// The project's working-time calendar (MSPDI `CalendarUID`), nil when the source has none.
    public var calendarId: String? = nil
    /// What the project delivers.
    public var description: String?
    /// Owning portfolio.
    public var portfolioId: String?
    /// Owning program, if any.
    public var programId: String?
    /// Project manager.
    public var manager: String?
    /// Sponsor.
    public var sponsor: String?
    /// Life-cycle phase.
    public var phase: Phase
    /// Delivery methodology, e.g. `waterfall`, `agile`, `hybrid`.
    public var methodology: String?
    /// Priority rank; 1 is the highest.
    public var priority: Int?
    /// Approved start (baseline 0).
    public var baselineStart: Day?
    /// Approved finish (baseline 0).
    public var baselineFinish: Day?
    /// Current forecast start.
    public var forecastStart: Day?
    /// Current forecast finish.
    public var forecastFinish: Day?
    /// Actual start.
    public var actualStart: Day?
    /// Actual finish.
    public var actualFinish: Day?
    /// Budget at completion (BAC): total planned value.
    public var bac: Double?
    /// The date the project's figures were last brought up to date.
    public var statusDate: Day?
    /// ISO 4217 code of the project's money (its BAC, costs and rates), e.g. `GBP`: the
    /// organisation's when an import converted it (`sourceCurrency`, `exchangeRate`). Nil when
    /// the source did not say.
    public var currency: String?
    /// The currency the source gave its money in, when an import converted it into `currency`.
    public var sourceCurrency: String?
    /// The rate an import converted the money at: one unit of `sourceCurrency` is this many
    /// of `currency`.
    public var exchangeRate: Double?
    /// Working minutes in a day of the plan (MS Project's `MinutesPerDay`, 480 by default):
    /// what a working day of a duration, lag or slack stands for.
    public var minutesPerDay: Int?
    /// Working minutes in a week of the plan (MS Project's `MinutesPerWeek`, 2400 by default).
    public var minutesPerWeek: Int?
    /// Working days in a month of the plan (MS Project's `DaysPerMonth`, 20 by default).
    public var daysPerMonth: Int?
    /// The minute of the day `forecastStart` begins at (0 to 1439; MS Project's `StartDate`
    /// carries a time of day, e.g. 09:00 is 540); nil: the first working minute of that day.
    public var forecastStartMinute: Int?

    /// Creates a project.
    public init(id: String, name: String, description: String? = nil, portfolioId: String? = nil,
                programId: String? = nil, manager: String? = nil, sponsor: String? = nil,
                phase: Phase, methodology: String? = nil, priority: Int? = nil,
                baselineStart: Day? = nil, baselineFinish: Day? = nil,
                forecastStart: Day? = nil, forecastFinish: Day? = nil,
                actualStart: Day? = nil, actualFinish: Day? = nil,
                bac: Double? = nil, statusDate: Day? = nil, currency: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.portfolioId = portfolioId
        self.programId = programId
        self.manager = manager
        self.sponsor = sponsor
        self.phase = phase
        self.methodology = methodology
        self.priority = priority
        self.baselineStart = baselineStart
        self.baselineFinish = baselineFinish
        self.forecastStart = forecastStart
        self.forecastFinish = forecastFinish
        self.actualStart = actualStart
        self.actualFinish = actualFinish
        self.bac = bac
        self.statusDate = statusDate
        self.currency = currency
    }
}

/// Project life-cycle phase.
public enum Phase: String, Codable, CaseIterable, Sendable {
    /// Being defined: charter, business case.
    case initiation
    /// Being planned: scope, schedule, budget, baseline.
    case planning
    /// Being delivered.
    case execution
    /// Handing over, lessons learned.
    case closing
    /// Finished.
    case closed
    /// Stopped before completion.
    case cancelled
}

/// A project's score against one strategic criterion (portfolio prioritisation input).
public struct StrategicScore: Codable, Hashable, Sendable {
    /// The scored project.
    public var projectId: String
    /// The criterion, e.g. `customer_value`, `risk_reduction`.
    public var criterion: String
    /// The score, on the scale the PMO uses for that criterion.
    public var score: Double

    /// Creates a score.
    public init(projectId: String, criterion: String, score: Double) {
        self.projectId = projectId
        self.criterion = criterion
        self.score = score
    }
}
