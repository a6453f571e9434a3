import Foundation
import PMOModel
@testable import PMOStore
import XCTest

final class JiraImportTests: XCTestCase {
    typealias Mapping = JiraCSVImporter.ProjectMapping

    /// A store with PRJ-001 (seededStore) and PRJ-002.
    func twoProjectStore(in folder: String) throws -> PortfolioStore {
        let store = try seededStore(in: folder)
        try store.write { tx in try tx.insert(Project(id: "PRJ-002", name: "Payments", portfolioId: "DIGITAL", phase: .execution, bac: 500)) }
        return store
    }

    func item(_ id: String, in store: PortfolioStore) throws -> WorkItem {
        try XCTUnwrap(try store.records(WorkItem.self).first { $0.id == id }, "no work item \(id)")
    }

    func customFields(of id: String, in store: PortfolioStore) throws -> [String: String] {
        var out: [String: String] = [:]
        for f in try store.records(CustomField.self) where f.entity == "work_items" && f.entityId == id { out[f.name] = f.value }
        return out
    }

    // MARK: the shared export (../shared/data/jira/poinz-jira-export.csv: 4 issues of project SMRGR)

    func testImportsTheSharedExportAsWorkItemsOfTheMappedProject() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        _ = try JiraCSVImporter(mapping: Mapping(projects: ["SMRGR": "PRJ-001"]))
            .importFile(at: try sharedData("jira/poinz-jira-export.csv"), into: store)
        let items = try store.records(WorkItem.self)
        XCTAssertEqual(items.count, 4)
        XCTAssertEqual(Set(items.map(\.projectId)), ["PRJ-001"])
    }

    func testSharedExportKeepsEachModelFieldOfAnIssue() throws {
        // Line 2 of the file: Summary "Something something Summary", Issue key SMRGR-6275, Issue
        // Type Access, Status Open, Project key SMRGR, Priority Minor, Assignee empty, Reporter
        // set@zuehlke.com, Created 25/Jun/20 12:44, Resolved and Due Date empty, Description "His
        // account can be deactivated end of July.", estimates empty.
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        _ = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-001")).importFile(at: try sharedData("jira/poinz-jira-export.csv"), into: store)
        let item = try item("SMRGR-6275", in: store)
        XCTAssertEqual(item.summary, "Something something Summary")
        XCTAssertEqual(item.type, "Access")
        XCTAssertEqual(item.status, "Open")
        XCTAssertEqual(item.projectKey, "SMRGR")
        XCTAssertEqual(item.priority, "Minor")
        XCTAssertNil(item.assignee)
        XCTAssertEqual(item.reporter, "set@zuehlke.com")
        XCTAssertEqual(item.created, Day("2020-06-25"))
        XCTAssertNil(item.resolved)
        XCTAssertNil(item.dueDate)
        XCTAssertEqual(item.description, "His account can be deactivated end of July.")
        XCTAssertNil(item.originalEstimateHours)
        XCTAssertNil(item.storyPoints)
        XCTAssertNil(item.sprints)
    }

    func testSharedExportKeepsAMultiLineDescriptionWhole() throws {
        // Lines 4 to 15: SMRGR-2643, whose quoted description runs over 12 lines.
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        _ = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-001")).importFile(at: try sharedData("jira/poinz-jira-export.csv"), into: store)
        let item = try item("SMRGR-2643", in: store)
        XCTAssertEqual(item.summary, "timezone from AWST to HKT/SGT ")
        XCTAssertEqual(item.type, "Improvement")
        XCTAssertEqual(item.created, Day("2020-03-04"))
        let description = try XCTUnwrap(item.description)
        XCTAssertTrue(description.hasPrefix("Dear test,\n\nMay sdgs.\n\nLocal Time 6:57 pm\n"), description)
        XCTAssertTrue(description.hasSuffix("\n\nSdgsdgsdg\n\nMuch appreciated! =)"), description)
        XCTAssertEqual(description.split(separator: "\n", omittingEmptySubsequences: false).count, 12)
    }

    func testSharedExportKeepsColumnsWithoutAModelColumnAsCustomFields() throws {
        // Line 2, SMRGR-6275: Issue id 131892, Project name SommerGarden, Project type software,
        // Creator set@zuehlke.com, Updated 25/Jun/20 12:44, Last Viewed 26/Jun/20 20:22, Votes 0;
        // its other columns without a model column (Project lead, Resolution, Work Ratio...) are empty.
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        _ = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-001")).importFile(at: try sharedData("jira/poinz-jira-export.csv"), into: store)
        XCTAssertEqual(try customFields(of: "SMRGR-6275", in: store), [
            "Issue id": "131892", "Project name": "SommerGarden", "Project type": "software", "Creator": "set@zuehlke.com",
            "Updated": "25/Jun/20 12:44", "Last Viewed": "26/Jun/20 20:22", "Votes": "0",
        ])
    }

    func testSharedExportWithoutAMappingIsRefusedNamingTheLineAndKey() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try sharedData("jira/poinz-jira-export.csv")
        try assertDataError(store, containing: ["poinz-jira-export.csv:2", "field 'Project key'", "value 'SMRGR'",
                                                "maps to no store project", "--project-id", "--allow-no-project"]) {
            _ = try JiraCSVImporter().importFile(at: path, into: store)
        }
    }

    func testSharedExportRecordsTheLineEachRecordStartsOn() throws {
        // SMRGR-2151 starts on line 16, after SMRGR-2643's 12 lines (4 to 15).
        let path = try sharedData("jira/poinz-jira-export.csv")
        let reading = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-001")).read(at: path)
        XCTAssertEqual(reading.data.workItems.map(\.id), ["SMRGR-6275", "SMRGR-3672", "SMRGR-2643", "SMRGR-2151"])
        XCTAssertEqual(reading.origins.lines["work_items"], [2, 3, 4, 16])
    }

    func testSharedExportMappedToAProjectTheStoreLacksIsRefusedNamingTheFirstLine() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try sharedData("jira/poinz-jira-export.csv")
        try assertDataError(store, containing: ["poinz-jira-export.csv:2", "value 'SMRGR'", "'PRJ-404' (--project-id)", "does not have"]) {
            _ = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-404")).importFile(at: path, into: store)
        }
    }

    // MARK: mapping project keys to store projects

    func testConfigMappingChoosesEachItemsProjectByItsProjectKeyColumn() throws {
        let folder = try temporaryFolder(self)
        let store = try twoProjectStore(in: folder)
        let path = try write("Issue key,Project key,Status\nWS-1,WS,Open\nOPS-7,OPS,Done\n", to: "jira.csv", in: folder)
        _ = try JiraCSVImporter(mapping: Mapping(projects: ["WS": "PRJ-001", "OPS": "PRJ-002"])).importFile(at: path, into: store)
        XCTAssertEqual(try item("WS-1", in: store).projectId, "PRJ-001")
        XCTAssertEqual(try item("OPS-7", in: store).projectId, "PRJ-002")
    }

    func testWithoutAProjectKeyColumnTheIssueKeysPrefixChooses() throws {
        let folder = try temporaryFolder(self)
        let store = try twoProjectStore(in: folder)
        let path = try write("Issue key,Status\nWEB-SHOP-3,Open\nOPS-7,Done\n", to: "jira.csv", in: folder)
        _ = try JiraCSVImporter(mapping: Mapping(projects: ["WEB-SHOP": "PRJ-001", "OPS": "PRJ-002"])).importFile(at: path, into: store)
        XCTAssertEqual(try item("WEB-SHOP-3", in: store).projectKey, "WEB-SHOP")
        XCTAssertEqual(try item("WEB-SHOP-3", in: store).projectId, "PRJ-001")
        XCTAssertEqual(try item("OPS-7", in: store).projectId, "PRJ-002")
    }

    func testProjectIdMapsEveryKeyOverTheConfig() throws {
        let folder = try temporaryFolder(self)
        let store = try twoProjectStore(in: folder)
        let path = try write("Issue key,Project key\nWS-1,WS\nOPS-7,OPS\n", to: "jira.csv", in: folder)
        _ = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-002", projects: ["WS": "PRJ-001"])).importFile(at: path, into: store)
        XCTAssertEqual(try store.records(WorkItem.self).map(\.projectId), ["PRJ-002", "PRJ-002"])
    }

    func testAnUnmappedKeyIsRefusedNamingItsLineKeyAndWhatToDo() throws {
        let folder = try temporaryFolder(self)
        let store = try twoProjectStore(in: folder)
        let path = try write("Issue key,Project key\nWS-1,WS\nOPS-7,OPS\n", to: "jira.csv", in: folder)
        try assertDataError(store, containing: ["jira.csv:3", "field 'Project key'", "value 'OPS'", "maps to no store project",
                                                "jira = { projects = { OPS = \"PRJ-007\" } }", "--allow-no-project"]) {
            _ = try JiraCSVImporter(mapping: Mapping(projects: ["WS": "PRJ-001"], projectsSource: "ws/pmo.config.lua")).importFile(at: path, into: store)
        }
    }

    func testAConfigMappingToAProjectTheStoreLacksIsRefusedNamingTheMapping() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("Issue key,Project key\nWS-1,WS\nOPS-7,OPS\n", to: "jira.csv", in: folder)
        try assertDataError(store, containing: ["jira.csv:3", "value 'OPS'", "'PRJ-009' (jira.projects.OPS in ws/pmo.config.lua)",
                                                "which the store does not have"]) {
            _ = try JiraCSVImporter(mapping: Mapping(projects: ["WS": "PRJ-001", "OPS": "PRJ-009"], projectsSource: "ws/pmo.config.lua"))
                .importFile(at: path, into: store)
        }
    }

    func testAllowNoProjectStoresUnmappedItemsWithoutAProjectAndWarnsOncePerKey() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("Issue key,Project key\nWS-1,WS\nOPS-7,OPS\nOPS-8,OPS\n", to: "jira.csv", in: folder)
        let summary = try JiraCSVImporter(mapping: Mapping(projects: ["WS": "PRJ-001"], allowNoProject: true)).importFile(at: path, into: store)
        XCTAssertEqual(try item("WS-1", in: store).projectId, "PRJ-001")
        XCTAssertNil(try item("OPS-7", in: store).projectId)
        XCTAssertEqual(try item("OPS-8", in: store).projectKey, "OPS")
        XCTAssertEqual(summary.warnings.map(\.description), [
            "\(path):3: Jira project key 'OPS': 2 work items (the first on this line) stored without a project (--allow-no-project); "
                + "map the key with --project-id or jira.projects in pmo.config.lua",
        ])
    }

    // MARK: fields

    func testRepeatedSprintColumnsKeepEverySprintInOrderAndTheLastAsSprint() throws {
        let folder = try temporaryFolder(self)
        let path = try write("Issue key,Sprint,Sprint,Sprint\nA-1,WS Sprint 4,WS Sprint 5,\nA-2,,,\n", to: "jira.csv", in: folder)
        let items = try JiraCSVImporter(mapping: Mapping(allowNoProject: true)).dataset(at: path).workItems
        XCTAssertEqual(items[0].sprints, "WS Sprint 4\nWS Sprint 5")
        XCTAssertEqual(items[0].sprint, "WS Sprint 5")
        XCTAssertNil(items[1].sprints)
        XCTAssertNil(items[1].sprint)
    }

    func testRepeatedLabelsColumnsKeepEveryLabel() throws {
        let folder = try temporaryFolder(self)
        let path = try write("Issue key,Labels,Labels\nA-1,backend,urgent\n", to: "jira.csv", in: folder)
        XCTAssertEqual(try JiraCSVImporter(mapping: Mapping(allowNoProject: true)).dataset(at: path).workItems[0].labels, "backend\nurgent")
    }

    func testStoryPointsAreFoundByTheCustomFieldsName() throws {
        let folder = try temporaryFolder(self)
        let path = try write("Issue key,Custom field (Story point estimate)\nA-1,5\n", to: "jira.csv", in: folder)
        XCTAssertEqual(try JiraCSVImporter(mapping: Mapping(allowNoProject: true)).dataset(at: path).workItems[0].storyPoints, 5)
    }

    func testDueDateAndStatusCategoryChangedAreKeptAsDays() throws {
        let folder = try temporaryFolder(self)
        let path = try write("Issue key,Due Date,Status Category Changed\nA-1,30/Sep/26 12:00 AM,14/Sep/26 09:12\n", to: "jira.csv", in: folder)
        let item = try JiraCSVImporter(mapping: Mapping(allowNoProject: true)).dataset(at: path).workItems[0]
        XCTAssertEqual(item.dueDate, Day("2026-09-30"))
        XCTAssertEqual(item.statusChanged, Day("2026-09-14"))
    }

    func testRepeatedColumnsWithoutAModelColumnBecomeNumberedCustomFields() throws {
        let folder = try temporaryFolder(self)
        let path = try write("Issue key,Comment,Comment,Comment\nA-1,,first,second\n", to: "jira.csv", in: folder)
        let fields = try JiraCSVImporter(mapping: Mapping(allowNoProject: true)).dataset(at: path).customFields
        XCTAssertEqual(fields.map(\.name), ["Comment", "Comment (2)"])
        XCTAssertEqual(fields.map(\.value), ["first", "second"])
    }

    func testReadsEstimatesInSecondsAsHours() throws {
        let folder = try temporaryFolder(self)
        let path = try write("Issue key,Issue Type,Status,Created,Resolved,Original Estimate,Time Spent\nA-1,Bug,Done,01/Feb/21 10:00,03/Feb/21 09:00,7200,5400\n",
                             to: "jira.csv", in: folder)
        let item = try JiraCSVImporter(mapping: Mapping(allowNoProject: true)).dataset(at: path).workItems[0]
        XCTAssertEqual(item.originalEstimateHours, 2)
        XCTAssertEqual(item.timeSpentHours, 1.5)
        XCTAssertEqual(item.resolved, Day("2021-02-03"))
    }

    // MARK: bad input

    func testAValueTheStoreRefusesNamesTheCSVLineOfItsRecordAndTheColumn() throws {
        // A-2 starts on line 4, after A-1's two-line description; -3600 seconds is -1 hour.
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("Issue key,Description,Time Spent\nA-1,\"two\nlines\",3600\nA-2,,-3600\n", to: "jira.csv", in: folder)
        try assertDataError(store, containing: ["jira.csv:4: field 'Time Spent', value '-1.0'", "below 0"]) {
            _ = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-001")).importFile(at: path, into: store)
        }
    }

    func testBadDateNamesLineFieldAndValue() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("Issue key,Created\nA-1,01/Feb/21 10:00\nA-2,31/Foo/21 10:00\n", to: "jira.csv", in: folder)
        try assertDataError(store, containing: ["jira.csv:3", "field 'Created'", "value '31/Foo/21 10:00'"]) {
            _ = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-001")).importFile(at: path, into: store)
        }
    }

    func testDuplicateKeyIsRefused() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("Issue key,Status\nA-1,Open\nA-1,Done\n", to: "jira.csv", in: folder)
        try assertDataError(store, containing: ["jira.csv:3", "value 'A-1'", "duplicate"]) {
            _ = try JiraCSVImporter(mapping: Mapping(projectId: "PRJ-001")).importFile(at: path, into: store)
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
