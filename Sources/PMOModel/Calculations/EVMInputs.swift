/// What earned value management needs of one project at one date: the inputs of the PMI
/// Practice Standard for EVM (2nd ed., 2011) and ANSI/EIA-748, read from the store as of a
/// date by `EVMInputsQuery`. The measures themselves (CPI, EAC, SPI(t)...) are computed from
/// these by `pmo.evm` and `pmo.es` in the Lua stdlib, the one place that defines them.
///
/// Budget, start and finish come from one source, the baseline in force: the project-level
/// baseline of the workspace's number (0 by default, as in MS Project) set most recently on or
/// before the date; the project's own `bac`, `baseline_start` and `baseline_finish` stand in
/// for a field that baseline lacks, or when the project has none.
public struct EVMInputs: Hashable, Sendable {
    /// The project's id.
    public var projectId: String
    /// Budget at completion (BAC): the budget of the baseline in force.
    public var bac: Double?
    /// The number of the baseline in force, nil when the project's own fields are used.
    public var baseline: Int?
    /// When that baseline was set.
    public var baselineSetOn: Day?
    /// Planned start and finish of the baseline in force.
    public var start: Day?
    public var finish: Day?
    /// The project's status date as of the date asked for (the earlier of the two).
    public var statusDate: Day?
    /// The data date: the end of the last period with earned value reported by the date.
    /// Earlier than `statusDate`, the figures are stale.
    public var dataDate: Day?
    /// Cumulative planned value, earned value and actual cost at the data date.
    public var pv: Double?
    public var ev: Double?
    public var ac: Double?
    /// Earned schedule at the data date, or why there is none.
    public var schedule: Result<EarnedSchedule, EarnedSchedule.Unavailable>

    public init(projectId: String = "", bac: Double? = nil, baseline: Int? = nil, baselineSetOn: Day? = nil, start: Day? = nil,
                finish: Day? = nil, statusDate: Day? = nil, dataDate: Day? = nil, pv: Double? = nil,
                ev: Double? = nil, ac: Double? = nil,
                schedule: Result<EarnedSchedule, EarnedSchedule.Unavailable> = .failure(.noEarnedValue)) {
        self.projectId = projectId
        self.bac = bac
        self.baseline = baseline
        self.baselineSetOn = baselineSetOn
        self.start = start
        self.finish = finish
        self.statusDate = statusDate
        self.dataDate = dataDate
        self.pv = pv
        self.ev = ev
        self.ac = ac
        self.schedule = schedule
    }
}
