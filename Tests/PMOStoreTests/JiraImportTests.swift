import Foundation
import PMOModel
import PMOStore
import XCTest

final class JiraImportTests: XCTestCase {
    func testImportsTheSharedExportAsWorkItems() throws {
        let store = try PortfolioStore()
        _ = try JiraCSVImporter().importFile(at: try sharedData("jira/poinz-jira-export.csv"), into: store)
        let items = try store.records(WorkItem.self)
        XCTAssertEqual(items.count, 4)
        let first = try XCTUnwrap(items.first { $0.id == "SMRGR-6275" })
        XCTAssertEqual(first.type, "Access")
        XCTAssertEqual(first.status, "Open")
        XCTAssertEqual(first.created, Day("2020-06-25"))
        XCTAssertNil(first.resolved)
    }

    func testReadsEstimatesInSecondsAsHours() throws {
        let folder = try temporaryFolder(self)
        let path = try write("Issue key,Issue Type,Status,Created,Resolved,Original Estimate,Time Spent\nA-1,Bug,Done,01/Feb/21 10:00,03/Feb/21 09:00,7200,5400\n",
                             to: "jira.csv", in: folder)
        let item = try JiraCSVImporter().dataset(at: path).workItems[0]
        XCTAssertEqual(item.originalEstimateHours, 2)
        XCTAssertEqual(item.timeSpentHours, 1.5)
        XCTAssertEqual(item.resolved, Day("2021-02-03"))
    }

    func testBadDateNamesLineFieldAndValue() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("Issue key,Created\nA-1,01/Feb/21 10:00\nA-2,31/Foo/21 10:00\n", to: "jira.csv", in: folder)
        try assertDataError(store, containing: ["jira.csv:3", "field 'Created'", "value '31/Foo/21 10:00'"]) {
            _ = try JiraCSVImporter().importFile(at: path, into: store)
        }
    }

    func testDuplicateKeyIsRefused() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("Issue key,Status\nA-1,Open\nA-1,Done\n", to: "jira.csv", in: folder)
        try assertDataError(store, containing: ["jira.csv:3", "value 'A-1'", "duplicate"]) {
            _ = try JiraCSVImporter().importFile(at: path, into: store)
        }
    }

    func testFileWithoutIssueKeyIsRefused() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("Key,Status\nA-1,Open\n", to: "jira.csv", in: folder)
        try assertDataError(store, containing: ["jira.csv:1", "no 'Issue key' column"]) {
            _ = try JiraCSVImporter().importFile(at: path, into: store)
        }
    }
}
