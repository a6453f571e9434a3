/// The PMO itself: the organisation unit that watches the portfolio.
public struct Organisation: Codable, Hashable, Sendable {
    /// Stable id, e.g. `ORG`.
    public var id: String
    /// Display name, e.g. "Acme Group PMO".
    public var name: String
    /// What kind of PMO this is; decides which reports and rules matter most.
    public var pmoType: PMOType
    /// Whether the PMO is staffed internally or by a contractor.
    public var sourcing: Sourcing
    /// ISO 4217 code of the money amounts (BAC, costs, rates), e.g. `EUR`.
    public var currency: String
    /// Month (1-12) in which the fiscal year starts.
    public var fiscalYearStartMonth: Int

    /// Creates an organisation.
    public init(id: String, name: String, pmoType: PMOType, sourcing: Sourcing, currency: String, fiscalYearStartMonth: Int) {
        self.id = id
        self.name = name
        self.pmoType = pmoType
        self.sourcing = sourcing
        self.currency = currency
        self.fiscalYearStartMonth = fiscalYearStartMonth
    }
}

/// The three classic PMO roles; in PMBOK terms supportive, controlling and directive.
public enum PMOType: String, Codable, CaseIterable, Sendable {
    /// Supportive: consolidates status for management.
    case weatherStation = "weather_station"
    /// Controlling: enforces a methodology and audits projects against it.
    case controlTower = "control_tower"
    /// Directive: prioritises the portfolio and manages a pool of people.
    case resourcePool = "resource_pool"
}

/// Who staffs the PMO.
public enum Sourcing: String, Codable, CaseIterable, Sendable {
    /// Staffed by the organisation's own people.
    case `internal`
    /// Run by a contractor.
    case outsourced
}
