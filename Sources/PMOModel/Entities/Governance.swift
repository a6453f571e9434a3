/// A phase gate of the PMO's methodology: the review that ends a phase.
public struct PhaseGate: Codable, Hashable, Sendable {
    /// Stable id, e.g. `G1`.
    public var id: String
    /// Gate name, e.g. "Investment decision".
    public var name: String
    /// The phase the gate closes.
    public var phase: Phase
    /// Order of the gate in the life cycle, from 1.
    public var sequence: Int

    /// Creates a gate.
    public init(id: String, name: String, phase: Phase, sequence: Int) {
        self.id = id
        self.name = name
        self.phase = phase
        self.sequence = sequence
    }
}

/// An artifact a gate requires (charter, risk register, baseline ...).
public struct GateRequirement: Codable, Hashable, Sendable {
    /// The gate.
    public var gateId: String
    /// The artifact's name, e.g. `charter`.
    public var artifact: String

    /// Creates a requirement.
    public init(gateId: String, artifact: String) {
        self.gateId = gateId
        self.artifact = artifact
    }
}

/// A project's evidence for one artifact of one gate: the input of a control-tower audit.
/// A required artifact with no evidence row is missing.
public struct GateEvidence: Codable, Hashable, Sendable {
    /// The project.
    public var projectId: String
    /// The gate.
    public var gateId: String
    /// The artifact, as named in the gate's requirements.
    public var artifact: String
    /// Day the evidence was submitted.
    public var submittedOn: Day?
    /// Where it is (URL, document id).
    public var reference: String?

    /// Creates an evidence record.
    public init(projectId: String, gateId: String, artifact: String, submittedOn: Day? = nil, reference: String? = nil) {
        self.projectId = projectId
        self.gateId = gateId
        self.artifact = artifact
        self.submittedOn = submittedOn
        self.reference = reference
    }
}
