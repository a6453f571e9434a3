/// A deterministic, seeded generator of a realistic PMO: portfolios, projects across every
/// phase, 12 months of status history and time-phased EVM data, projects in trouble (late,
/// over budget, a "false green"), risks, an over-allocated resource pool, change requests,
/// stakeholders, benefits, phase gates with some missing evidence and Jira-like work items.
///
/// The same `projects`, `seed` and `statusDate` always give the same dataset, on every
/// platform: it uses only `SplitMix64` and integer/IEEE arithmetic.
///
/// ```swift
/// let data = DemoPortfolio(projects: 40, seed: 1).generate()
/// data.projects.count     // 40
/// ```
public struct DemoPortfolio: Sendable {
    /// Number of projects.
    public var projectCount: Int
    /// The seed; change it for a different but equally realistic portfolio.
    public var seed: UInt64
    /// The portfolio's status date: history runs 12 months up to it.
    public var statusDate: Day

    /// The status date used when none is given: fixed so output never depends on the clock.
    public static let defaultStatusDate = Day(year: 2026, month: 9, day: 30)!

    /// The portfolios every demo has.
    public static let portfolioIds = ["DIGITAL", "OPERATIONS", "GROWTH"]

    /// The position (from 1) of the project whose reported green contradicts its numbers.
    public static let falseGreenIndex = 3

    /// The id of the false green in portfolios of fewer than 1,000 projects; in general
    /// `projectId(DemoPortfolio.falseGreenIndex)`.
    public static let falseGreenProjectId = "PRJ-003"

    /// The id of the project at `index` (from 1): `PRJ-` and the index padded to the width of
    /// the project count, at least 3 digits (`PRJ-007`, or `PRJ-00007` among 10,000).
    public func projectId(_ index: Int) -> String {
        "PRJ-" + DemoProject.padded(index, width: max(3, String(projectCount).count))
    }

    /// Creates a generator.
    public init(projects: Int = 40, seed: UInt64 = 1, statusDate: Day = DemoPortfolio.defaultStatusDate) {
        self.projectCount = projects
        self.seed = seed
        self.statusDate = statusDate
    }

    /// Builds the dataset.
    public func generate() -> Dataset {
        var rng = SplitMix64(seed: seed)
        var data = Dataset()
        data.organisation = [Organisation(id: "ORG", name: "Acme Group PMO", pmoType: .controlTower,
                                          sourcing: .internal, currency: "EUR", fiscalYearStartMonth: 1)]
        addPortfolios(to: &data, rng: &rng)
        addGovernance(to: &data)
        let pool = addResourcePool(to: &data, rng: &rng)
        for i in 1...max(projectCount, 1) where projectCount > 0 {
            var builder = DemoProject(index: i, id: projectId(i),
                                      statusDate: statusDate, pool: pool, total: projectCount,
                                      networkSeed: networkSeed(i))
            builder.build(into: &data, rng: &rng)
        }
        // Each project states its currency: the organisation's, as every demo amount is in it.
        for i in data.projects.indices { data.projects[i].currency = data.organisation[0].currency }
        return data
    }

    /// The seed of project `index`'s network stream: the portfolio seed and the index mixed
    /// by one SplitMix64 step (Steele, Lea and Flood, 2014), so neighbouring projects' streams
    /// do not overlap and none is the portfolio's own.
    func networkSeed(_ index: Int) -> UInt64 {
        var mix = SplitMix64(seed: (seed ^ 0x6E65_7477_6F72_6B00) &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
        return mix.next()
    }

    private func addPortfolios(to data: inout Dataset, rng: inout SplitMix64) {
        let names = ["Digital Transformation", "Operations Excellence", "Growth & Markets"]
        for (i, id) in DemoPortfolio.portfolioIds.enumerated() {
            let manager = DemoProject.person(&rng)
            data.portfolios.append(Portfolio(id: id, name: names[i], description: "\(names[i]) portfolio",
                                             manager: manager, sponsor: DemoProject.person(&rng)))
            for p in 1...2 {
                data.programs.append(Program(id: "\(id)-P\(p)", name: "\(names[i]) program \(p)",
                                             portfolioId: id, manager: DemoProject.person(&rng)))
            }
            data.stakeholders.append(Stakeholder(id: "\(id)-EXEC", name: DemoProject.person(&rng), role: .executive,
                                                 interest: 4, influence: 5, expectations: "Portfolio delivers its benefits"))
        }
    }

    private func addGovernance(to data: inout Dataset) {
        let gates: [(String, String, Phase, [String])] = [
            ("G1", "Idea approval", .initiation, ["charter", "business_case"]),
            ("G2", "Investment decision", .planning, ["project_plan", "risk_register", "baseline"]),
            ("G3", "Go-live decision", .execution, ["test_report", "acceptance"]),
            ("G4", "Closure", .closing, ["lessons_learned", "handover"]),
        ]
        for (i, g) in gates.enumerated() {
            data.phaseGates.append(PhaseGate(id: g.0, name: g.1, phase: g.2, sequence: i + 1))
            data.gateRequirements += g.3.map { GateRequirement(gateId: g.0, artifact: $0) }
        }
    }

    /// A pool deliberately smaller than the demand, so some people are over-allocated.
    private func addResourcePool(to data: inout Dataset, rng: inout SplitMix64) -> [String] {
        let size = max(8, projectCount * 3 / 5)
        let width = max(3, String(size).count)
        var ids: [String] = []
        for i in 1...size {
            let id = "RES-" + DemoProject.padded(i, width: width)
            let skills = (0..<2).map { _ in rng.pick(DemoNames.skills) }
            data.resources.append(Resource(
                id: id, name: DemoProject.person(&rng), kind: .person, role: rng.pick(DemoNames.roles),
                skills: Array(Set(skills)).sorted().joined(separator: ";"),
                capacityHoursPerWeek: rng.chance(0.2) ? 20 : 40, costRate: Double(rng.int(55...140)),
                availableFrom: Day(year: 2024, month: 1, day: 1)))
            ids.append(id)
        }
        return ids
    }
}
