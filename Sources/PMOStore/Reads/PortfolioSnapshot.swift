import PMOModel

/// One project as the portfolio view needs it: the project row, its latest status report and
/// its earned value inputs, all as of the snapshot's date.
public struct ProjectSnapshot: Sendable, Hashable {
    /// The project row (its attributes are current: the store keeps no history of them).
    public var project: Project
    /// The latest status report dated on or before the snapshot date.
    public var latestStatus: StatusReport?
    /// Its EVM inputs (`EVMInputsQuery`): BAC and dates of the baseline in force, PV/EV/AC at
    /// the data date, earned schedule.
    public var evm: EVMInputs
}

/// The whole portfolio loaded into memory in one read, as of a date.
///
/// ```swift
/// let snapshot = try store.portfolio(asOf: Day("2026-06-30")!)
/// for p in snapshot.projects where p.evm.dataDate == nil { print(p.project.id, "has no EV reported") }
/// ```
public struct PortfolioSnapshot: Sendable {
    /// The date the snapshot describes; nil for "everything in the store".
    public var asOf: Day?
    /// Every project, ordered by id.
    public var projects: [ProjectSnapshot]

    private let index: [String: Int]

    init(asOf: Day?, projects: [ProjectSnapshot]) {
        self.asOf = asOf
        self.projects = projects
        index = Dictionary(uniqueKeysWithValues: projects.enumerated().map { ($1.project.id, $0) })
    }

    /// The project with this id.
    public func project(_ id: String) -> ProjectSnapshot? { index[id].map { projects[$0] } }
}
