import PMOModel
@testable import PMOStore
import XCTest

final class WriteTests: XCTestCase {
    struct Abort: Error {}

    func testAFailedWriteLeavesNothingBehind() throws {
        let store = try PortfolioStore()
        XCTAssertThrowsError(try store.write { tx in
            try tx.insert(Portfolio(id: "P", name: "P"))
            throw Abort()
        })
        XCTAssertEqual(try store.records(Portfolio.self).count, 0)
    }

    // Datasets (the MSPDI and Jira importers, the demo) are checked against the same
    // declaration as CSV and JSON imports and scripts' writes.
    func testADatasetWithANaNBudgetIsRefusedAndNothingIsWritten() throws {
        let store = try PortfolioStore()
        var data = Dataset()
        data.projects = [Project(id: "A", name: "Fine", phase: .planning, bac: 100),
                         Project(id: "B", name: "Broken", phase: .planning, bac: .nan)]
        XCTAssertThrowsError(try store.write { tx in try tx.insert(data, source: "plan.xml") }) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("projects[1]") && text.contains("bac") && text.contains("NaN is not a number"), text)
        }
        XCTAssertEqual(try store.records(Project.self).count, 0)
    }

    func testADatasetWithANegativeCostIsRefused() throws {
        let store = try PortfolioStore()
        var data = Dataset()
        data.projects = [Project(id: "A", name: "Fine", phase: .planning, bac: -1)]
        XCTAssertThrowsError(try store.write { tx in try tx.insert(data, source: "plan.xml") }) { error in
            XCTAssertTrue("\(error)".contains("below 0 (a finite number >= 0 expected)"), "\(error)")
        }
    }

    func testSaveReplacesTheRecordWithTheSameId() throws {
        let store = try PortfolioStore()
        try store.write { tx in try tx.insert(Project(id: "X", name: "Old", phase: .planning)) }
        try store.write { tx in try tx.save(Project(id: "X", name: "New", phase: .execution)) }
        XCTAssertEqual(try store.record(Project.self, id: "X")?.name, "New")
    }

    func testDeletingAProjectDeletesItsRows() throws {
        let store = try PortfolioStore.demo(projects: 3)
        try store.write { tx in try tx.delete(Project.self, id: "PRJ-001") }
        XCTAssertEqual(try store.statusReports(projectId: "PRJ-001").count, 0)
        XCTAssertEqual(try store.timephased(projectId: "PRJ-001").count, 0)
    }

    func testCustomFieldsCanBeSetAndRemoved() throws {
        let store = try PortfolioStore.demo(projects: 3)
        try store.write { tx in try tx.setCustomField(entity: "projects", id: "PRJ-002", name: "region", value: "EMEA") }
        XCTAssertEqual(try store.customFields(entity: "projects", id: "PRJ-002")["region"], "EMEA")
        try store.write { tx in try tx.setCustomField(entity: "projects", id: "PRJ-002", name: "region", value: nil) }
        XCTAssertNil(try store.customFields(entity: "projects", id: "PRJ-002")["region"])
    }

    func testRecordsReadBackAsWritten() throws {
        let data = DemoPortfolio(projects: 5, seed: 3).generate()
        let store = try PortfolioStore()
        try store.write { tx in try tx.insert(data) }
        XCTAssertEqual(try store.records(Project.self), data.projects.sorted { $0.id < $1.id })
        XCTAssertEqual(try store.records(Risk.self), data.risks.sorted { $0.id < $1.id })
        XCTAssertEqual(try store.records(WBSTask.self), data.tasks.sorted { $0.id < $1.id })
    }
}

final class RecordMappingTests: XCTestCase {
    /// Writing a dataset and reading each kind back through GRDB's Codable path gives the same
    /// values: every model property has its column, under the same name.
    func testEveryKindOfRecordReadsBackAsWritten() throws {
        let data = DemoPortfolio(projects: 6, seed: 9).generate()
        let store = try PortfolioStore()
        try store.write { tx in try tx.insert(data) }
        func check<R: StoredRecord & Hashable>(_ records: [R], line: UInt = #line) throws {
            XCTAssertFalse(records.isEmpty, "\(R.self) has no demo rows", line: line)
            XCTAssertEqual(Set(try store.records(R.self)), Set(records), "\(R.self)", line: line)
        }
        try check(data.organisation); try check(data.portfolios); try check(data.programs)
        try check(data.projects); try check(data.strategicScores); try check(data.tasks)
        try check(data.taskLinks); try check(data.milestones); try check(data.deliverables)
        try check(data.timephased); try check(data.baselines); try check(data.resources)
        try check(data.assignments); try check(data.timesheets); try check(data.statusReports)
        try check(data.risks); try check(data.issues); try check(data.changeRequests)
        try check(data.decisions); try check(data.stakeholders); try check(data.benefits)
        try check(data.benefitValues); try check(data.phaseGates); try check(data.gateRequirements)
        try check(data.gateEvidence); try check(data.workItems); try check(data.customFields)
    }
}

final class CustomFieldCleanupTests: XCTestCase {
    func testDeletingARowDeletesItsCustomFields() throws {
        let store = try PortfolioStore.demo(projects: 3)
        XCTAssertNotNil(try store.customFields(entity: "projects", id: "PRJ-002")["cost_centre"])
        try store.write { tx in try tx.delete(Project.self, id: "PRJ-002") }
        XCTAssertEqual(try store.customFields(entity: "projects", id: "PRJ-002"), [:])
    }

    func testCascadedDeletesDeleteCustomFieldsToo() throws {
        let store = try PortfolioStore.demo(projects: 3)
        try store.write { tx in try tx.setCustomField(entity: "risks", id: "PRJ-001/R1", name: "category", value: "supply") }
        try store.write { tx in try tx.delete(Project.self, id: "PRJ-001") }
        XCTAssertEqual(try store.customFields(entity: "risks", id: "PRJ-001/R1"), [:])
    }
}
