import PMOModel
import PMOStore
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
