import PMOModel
import XCTest

final class DemoPortfolioTests: XCTestCase {
    let demo = DemoPortfolio(projects: 40, seed: 1).generate()

    func testSameSeedGivesTheSameData() {
        XCTAssertEqual(DemoPortfolio(projects: 40, seed: 1).generate(), demo)
    }

    func testAnotherSeedGivesOtherData() {
        XCTAssertNotEqual(DemoPortfolio(projects: 40, seed: 2).generate().projects, demo.projects)
    }

    func testFirstProjectIdsAreStable() {
        // Pins the generator: a change to it must be deliberate, since benchmarks and
        // examples depend on these values.
        XCTAssertEqual(demo.projects.prefix(3).map(\.id), ["PRJ-001", "PRJ-002", "PRJ-003"])
        XCTAssertEqual(demo.projects.count, 40)
        XCTAssertEqual(demo.portfolios.count, 3)
    }

    func testTasksHaveTheirOutlinePositionInTheProject() {
        for project in demo.projects.prefix(5) {
            let tasks = demo.tasks.filter { $0.projectId == project.id }
            XCTAssertFalse(tasks.isEmpty)
            XCTAssertEqual(tasks.map(\.outlinePosition), tasks.indices.map { $0 + 1 }, project.id)
        }
    }

    func testEveryProjectIsInTheOrganisationsCurrency() {
        XCTAssertEqual(demo.organisation.map(\.currency), ["EUR"])
        XCTAssertEqual(Set(demo.projects.map(\.currency)), ["EUR"])
    }

    func testCoversEveryPhase() {
        XCTAssertEqual(Set(demo.projects.map(\.phase)), Set(Phase.allCases))
    }

    func testHasTwelveMonthsOfStatusHistory() {
        let dates = Set(demo.statusReports.map(\.reportDate))
        XCTAssertEqual(dates.count, 12)
        XCTAssertEqual(dates.max(), DemoPortfolio.defaultStatusDate)
    }

    func testFalseGreenReportsGreenWhileItsNumbersAreRed() {
        let id = DemoPortfolio.falseGreenProjectId
        let latest = demo.statusReports.filter { $0.projectId == id }.max { $0.reportDate < $1.reportDate }
        XCTAssertEqual(latest?.overall, .green)
        let rows = demo.timephased.filter { $0.projectId == id && $0.taskId == nil && $0.ev != nil }
        let last = rows.max { $0.periodEnd < $1.periodEnd }!
        XCTAssertLessThan(last.ev! / last.ac!, 0.9)
        XCTAssertLessThan(last.ev! / last.pv, 0.9)
    }

    func testLargePortfoliosHaveTheFalseGreenToo() {
        let big = DemoPortfolio(projects: 1200, seed: 1)
        let id = big.projectId(DemoPortfolio.falseGreenIndex)
        XCTAssertEqual(id, "PRJ-0003")
        let data = big.generate()
        let latest = data.statusReports.filter { $0.projectId == id }.max { $0.reportDate < $1.reportDate }
        XCTAssertEqual(latest?.overall, .green)
        let last = data.timephased.filter { $0.projectId == id && $0.taskId == nil && $0.ev != nil }.max { $0.periodEnd < $1.periodEnd }!
        XCTAssertLessThan(last.ev! / last.ac!, 0.9)
    }

    func testHasLateAndOverBudgetProjects() {
        let latest = Dictionary(grouping: demo.timephased.filter { $0.taskId == nil && $0.ev != nil }, by: \.projectId)
            .mapValues { $0.max { $0.periodEnd < $1.periodEnd }! }
        XCTAssertGreaterThan(latest.values.filter { $0.ev! / $0.pv < 0.85 }.count, 2)
        XCTAssertGreaterThan(latest.values.filter { $0.ev! / $0.ac! < 0.9 }.count, 2)
    }

    func testResourcePoolIsOverAllocated() {
        let window = DemoPortfolio.defaultStatusDate.adding(days: -27)...DemoPortfolio.defaultStatusDate
        let loads = ResourceLoad.loads(resources: demo.resources, assignments: demo.assignments, window: window)
        XCTAssertTrue(loads.contains { $0.isOverAllocated })
    }

    func testSomeGateEvidenceIsMissing() {
        let required = Dictionary(grouping: demo.gateRequirements, by: \.gateId).mapValues(\.count)
        let provided = Dictionary(grouping: demo.gateEvidence, by: { "\($0.projectId) \($0.gateId)" }).mapValues(\.count)
        XCTAssertTrue(provided.contains { key, count in count < required[String(key.split(separator: " ")[1])]! })
    }

    func testHasRegistersStakeholdersBenefitsAndWorkItems() {
        XCTAssertFalse(demo.risks.isEmpty)
        XCTAssertFalse(demo.changeRequests.isEmpty)
        XCTAssertFalse(demo.stakeholders.isEmpty)
        XCTAssertFalse(demo.benefitValues.isEmpty)
        XCTAssertFalse(demo.workItems.isEmpty)
    }

    func testTimephasedValuesAreCumulative() {
        let rows = demo.timephased.filter { $0.projectId == "PRJ-001" && $0.taskId == nil }
        for (a, b) in zip(rows, rows.dropFirst()) {
            XCTAssertLessThanOrEqual(a.pv, b.pv)
            if let ea = a.ev, let eb = b.ev { XCTAssertLessThanOrEqual(ea, eb) }
        }
    }
}
