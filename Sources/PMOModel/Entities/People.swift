/// Someone with a stake in a project (or in the portfolio when `projectId` is nil).
public struct Stakeholder: Codable, Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// The project, or nil for a portfolio-wide stakeholder.
    public var projectId: String?
    /// Name.
    public var name: String
    /// Role towards the project.
    public var role: StakeholderRole
    /// Interest in the outcome, 1 (low) to 5 (high).
    public var interest: Int?
    /// Influence over the outcome, 1 (low) to 5 (high).
    public var influence: Int?
    /// What they expect, in words.
    public var expectations: String?

    /// Creates a stakeholder.
    public init(id: String, projectId: String? = nil, name: String, role: StakeholderRole, interest: Int? = nil,
                influence: Int? = nil, expectations: String? = nil) {
        self.id = id
        self.projectId = projectId
        self.name = name
        self.role = role
        self.interest = interest
        self.influence = influence
        self.expectations = expectations
    }
}

/// Stakeholder roles a PMO distinguishes.
public enum StakeholderRole: String, Codable, CaseIterable, Sendable {
    /// Executive management.
    case executive
    /// Funds and champions the project.
    case sponsor
    /// Runs the project.
    case projectManager = "project_manager"
    /// Financial controller.
    case controller
    /// Works on the project.
    case teamMember = "team_member"
    /// Receives the result.
    case customer
    /// Supplies to the project.
    case supplier
    /// Regulates the domain.
    case regulator
    /// Anyone else.
    case other
}

/// A benefit a project is expected to deliver (e.g. yearly savings).
public struct Benefit: Codable, Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// The project delivering it.
    public var projectId: String
    /// What the benefit is.
    public var name: String
    /// Who is accountable for realising it.
    public var owner: String?
    /// Unit of measure, e.g. `EUR`, `hours saved`, `NPS points`.
    public var measure: String?

    /// Creates a benefit.
    public init(id: String, projectId: String, name: String, owner: String? = nil, measure: String? = nil) {
        self.id = id
        self.projectId = projectId
        self.name = name
        self.owner = owner
        self.measure = measure
    }
}

/// Planned and realised value of a benefit, cumulative to the end of a period.
public struct BenefitValue: Codable, Hashable, Sendable {
    /// The benefit.
    public var benefitId: String
    /// Last day of the period.
    public var periodEnd: Day
    /// Planned cumulative value.
    public var planned: Double?
    /// Realised cumulative value; nil for future periods.
    public var realised: Double?

    /// Creates a benefit value.
    public init(benefitId: String, periodEnd: Day, planned: Double? = nil, realised: Double? = nil) {
        self.benefitId = benefitId
        self.periodEnd = periodEnd
        self.planned = planned
        self.realised = realised
    }
}
