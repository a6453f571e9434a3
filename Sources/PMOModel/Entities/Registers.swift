/// A risk: something that may happen and would affect the project.
public struct Risk: Codable, Hashable, Sendable {
    /// Stable id, e.g. `PRJ-042/R1`.
    public var id: String
    /// The project.
    public var projectId: String
    /// What may happen.
    public var title: String
    /// Probability, 0 to 1.
    public var probability: Double?
    /// Impact in money if it happens.
    public var impactCost: Double?
    /// Impact on a 1 (negligible) to 5 (severe) scale.
    public var impactScore: Int?
    /// Who owns the response.
    public var owner: String?
    /// Where the risk stands.
    public var status: RiskStatus
    /// The planned response (avoid, transfer, mitigate, accept ...) in words.
    public var response: String?
    /// Day raised.
    public var raisedOn: Day?
    /// Day closed.
    public var closedOn: Day?

    /// Creates a risk.
    public init(id: String, projectId: String, title: String, probability: Double? = nil, impactCost: Double? = nil,
                impactScore: Int? = nil, owner: String? = nil, status: RiskStatus = .open, response: String? = nil,
                raisedOn: Day? = nil, closedOn: Day? = nil) {
        self.id = id
        self.projectId = projectId
        self.title = title
        self.probability = probability
        self.impactCost = impactCost
        self.impactScore = impactScore
        self.owner = owner
        self.status = status
        self.response = response
        self.raisedOn = raisedOn
        self.closedOn = closedOn
    }

    /// Expected monetary value: probability times money impact (nil when either is unknown).
    public var expectedValue: Double? {
        guard let p = probability, let c = impactCost else { return nil }
        return p * c
    }
}

/// Risk life cycle.
public enum RiskStatus: String, Codable, CaseIterable, Sendable {
    /// Identified, no response under way.
    case open
    /// Response under way.
    case mitigating
    /// It happened (it is now an issue).
    case occurred
    /// No longer relevant.
    case closed
}

/// An issue: something that has happened and needs resolving.
public struct Issue: Codable, Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// The project.
    public var projectId: String
    /// What happened.
    public var title: String
    /// How bad it is.
    public var severity: Severity
    /// Who resolves it.
    public var owner: String?
    /// Where it stands.
    public var status: IssueStatus
    /// Day raised.
    public var raisedOn: Day?
    /// Day it must be resolved by.
    public var dueOn: Day?
    /// Day resolved.
    public var resolvedOn: Day?

    /// Creates an issue.
    public init(id: String, projectId: String, title: String, severity: Severity = .medium, owner: String? = nil,
                status: IssueStatus = .open, raisedOn: Day? = nil, dueOn: Day? = nil, resolvedOn: Day? = nil) {
        self.id = id
        self.projectId = projectId
        self.title = title
        self.severity = severity
        self.owner = owner
        self.status = status
        self.raisedOn = raisedOn
        self.dueOn = dueOn
        self.resolvedOn = resolvedOn
    }
}

/// Issue severity.
public enum Severity: String, Codable, CaseIterable, Sendable {
    /// Minor.
    case low
    /// Needs attention.
    case medium
    /// Threatens an objective.
    case high
    /// Stops the project.
    case critical
}

/// Issue life cycle.
public enum IssueStatus: String, Codable, CaseIterable, Sendable {
    /// Raised.
    case open
    /// Being worked on.
    case inProgress = "in_progress"
    /// Fixed, awaiting confirmation.
    case resolved
    /// Done.
    case closed
}

/// A change request: a proposed change of scope, cost or schedule.
public struct ChangeRequest: Codable, Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// The project.
    public var projectId: String
    /// The change.
    public var title: String
    /// Cost impact (positive adds cost).
    public var costImpact: Double?
    /// Schedule impact in calendar days (positive delays).
    public var scheduleImpactDays: Int?
    /// Approval state.
    public var state: ChangeState
    /// Day raised.
    public var raisedOn: Day?
    /// Day approved or rejected.
    public var decidedOn: Day?

    /// Creates a change request.
    public init(id: String, projectId: String, title: String, costImpact: Double? = nil, scheduleImpactDays: Int? = nil,
                state: ChangeState = .proposed, raisedOn: Day? = nil, decidedOn: Day? = nil) {
        self.id = id
        self.projectId = projectId
        self.title = title
        self.costImpact = costImpact
        self.scheduleImpactDays = scheduleImpactDays
        self.state = state
        self.raisedOn = raisedOn
        self.decidedOn = decidedOn
    }
}

/// Change request approval state.
public enum ChangeState: String, Codable, CaseIterable, Sendable {
    /// Awaiting a decision.
    case proposed
    /// Accepted by the change board.
    case approved
    /// Refused.
    case rejected
    /// Approved and carried out.
    case implemented
}

/// A recorded decision (the decision log).
public struct Decision: Codable, Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// The project, or nil for a portfolio-level decision.
    public var projectId: String?
    /// What was decided.
    public var title: String
    /// Day of the decision.
    public var decidedOn: Day?
    /// Who decided (person or board).
    public var decidedBy: String?
    /// Why.
    public var rationale: String?

    /// Creates a decision.
    public init(id: String, projectId: String? = nil, title: String, decidedOn: Day? = nil, decidedBy: String? = nil, rationale: String? = nil) {
        self.id = id
        self.projectId = projectId
        self.title = title
        self.decidedOn = decidedOn
        self.decidedBy = decidedBy
        self.rationale = rationale
    }
}
