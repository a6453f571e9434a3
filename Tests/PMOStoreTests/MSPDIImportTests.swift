import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

final class MSPDIImportTests: XCTestCase {
    func testEveryFileOfTheSharedCorpusImports() throws {
        let folder = try sharedData("mspdi")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".xml") {
            let store = try PortfolioStore()
            let summary = try MSPDIImporter().importFile(at: folder + "/" + name, into: store)
            XCTAssertEqual(try store.records(Project.self).count, 1, name)
            XCTAssertGreaterThan(summary.totalRows, 1, name)
        }
    }

    func testImportsTasksWithOutlineAndLinks() throws {
        let path = try sharedData("mspdi/mspdirelations.xml")
        let data = try MSPDIImporter().dataset(at: path)
        XCTAssertFalse(data.tasks.isEmpty)
        XCTAssertFalse(data.taskLinks.isEmpty)
        XCTAssertTrue(data.taskLinks.allSatisfy { l in data.tasks.contains { $0.id == l.predecessorId } })
    }

    func testImportsNumberedBaselines() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi/task-baselines-project2019-mspdi.xml"))
        XCTAssertGreaterThan(Set(data.baselines.map(\.number)).count, 1)
    }

    func testImportsResourcesAndAssignments() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi/mspdiresource.xml"))
        XCTAssertTrue(data.resources.contains { $0.name == "Wade Golden" && $0.costRate == 50 })
        XCTAssertFalse(data.assignments.isEmpty)
    }

    func testActualWorkBecomesWeeklyTimesheets() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi/mspditimephased.xml"))
        XCTAssertFalse(data.timesheets.isEmpty)
        XCTAssertTrue(data.timesheets.allSatisfy { $0.weekEnding.weekday == 7 && $0.hours > 0 })
        XCTAssertEqual(Set(data.timesheets.map(\.id)).count, data.timesheets.count)
    }

    func testSkipsNullTasks() throws {
        let path = try sharedData("mspdi/mspdinulltasks.xml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let nulls = text.components(separatedBy: "<IsNull>1</IsNull>").count - 1
        let tasks = text.components(separatedBy: "<Task>").count - 1
        XCTAssertGreaterThan(nulls, 0)
        XCTAssertEqual(try MSPDIImporter().dataset(at: path).tasks.count, tasks - nulls - 1)
    }

    func testParsesISODurationsInHours() {
        XCTAssertEqual(MSPDIDuration.hours("PT7H30M0S"), 7.5)
        XCTAssertEqual(MSPDIDuration.hours("P2DT4H"), 20)
        XCTAssertNil(MSPDIDuration.hours("7 hours"))
    }

    func testBadDateNamesTheElementPath() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("""
            <?xml version="1.0"?>
            <Project xmlns="http://schemas.microsoft.com/project"><Name>x</Name><Tasks>
            <Task><UID>1</UID><Name>A</Name><Start>2019-01-02T08:00:00</Start></Task>
            <Task><UID>2</UID><Name>B</Name><Start>2019-02-30T08:00:00</Start></Task>
            </Tasks></Project>
            """, to: "bad.xml", in: folder)
        try assertDataError(store, containing: ["bad.xml", "/Project/Tasks[1]/Task[2]/Start[1]", "value '2019-02-30T08:00:00'", "not a date-time"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    /// mspdinulltasks.xml's `StartDate` is 2008-11-03T09:00:00: 9 × 60 = 540.
    func testTheProjectStartKeepsItsTimeOfDay() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi/mspdinulltasks.xml"))
        XCTAssertEqual(data.projects.first?.forecastStartMinute, 540)
    }

    func testAStartTimeOutOfTheDayNamesTheElementPath() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("""
            <?xml version="1.0"?>
            <Project xmlns="http://schemas.microsoft.com/project"><Name>x</Name><StartDate>2019-01-02T25:00:00</StartDate>
            <Tasks><Task><UID>1</UID><Name>A</Name></Task></Tasks></Project>
            """, to: "late.xml", in: folder)
        try assertDataError(store, containing: ["late.xml", "/Project/StartDate[1]", "value '2019-01-02T25:00:00'", "not a date-time"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testTruncatedFileNamesTheLine() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("<?xml version=\"1.0\"?>\n<Project><Tasks>\n<Task><UID>1</UID>", to: "cut.xml", in: folder)
        try assertDataError(store, containing: ["cut.xml:", "/Project", "not well-formed XML"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testOtherXMLIsRefused() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("<?xml version=\"1.0\"?><html><body/></html>", to: "page.xml", in: folder)
        try assertDataError(store, containing: ["page.xml", "root element is <html>"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testElementNameThatIsNotUTF8IsADataError() throws {
        // Found by ImportFuzzTests: Foundation's XMLParser crashed on this name.
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = folder + "/name.xml"
        try Data("<?xml version=\"1.0\"?>\n<Project><Name>x</Name>\n<A".utf8 + [0xE3] + Array("b>1</A></Project>".utf8))
            .write(to: URL(fileURLWithPath: path))
        try assertDataError(store, containing: ["name.xml:3", "byte 48", "not UTF-8"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testAttributeNameThatIsNotUTF8IsADataError() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = folder + "/attr.xml"
        try Data(Array("<?xml version=\"1.0\"?>\n<Project a".utf8) + [0xE3] + Array("=\"1\"><Name>x</Name></Project>".utf8))
            .write(to: URL(fileURLWithPath: path))
        try assertDataError(store, containing: ["attr.xml:2", "not UTF-8"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testLatin1DeclaredFileIsStillRead() throws {
        let folder = try temporaryFolder(self)
        let path = folder + "/latin.xml"
        try Data(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Project><Title>Caf".utf8) + [0xE9] + Array("</Title></Project>".utf8))
            .write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try MSPDIImporter().dataset(at: path).projects.first?.name, "Café")
    }

    func testBinaryGarbageIsRefused() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = folder + "/garbage.xml"
        try Data((0..<512).map { UInt8(($0 * 37) % 256) }).write(to: URL(fileURLWithPath: path))
        // Refused before libxml2 sees it: bytes that are not UTF-8 could reach XMLParser as names.
        try assertDataError(store, containing: ["garbage.xml", "not UTF-8"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testDuplicateTaskUIDNamesTheElement() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("<Project><Tasks><Task><UID>1</UID></Task><Task><UID>1</UID></Task></Tasks></Project>", to: "dup.xml", in: folder)
        try assertDataError(store, containing: ["/Project/Tasks[1]/Task[2]/UID", "value '1'", "two tasks have this UID"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testWrongTypeNamesTheElement() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("<Project><Tasks><Task><UID>1</UID><PercentComplete>half</PercentComplete></Task></Tasks></Project>",
                             to: "type.xml", in: folder)
        try assertDataError(store, containing: ["/Project/Tasks[1]/Task[1]/PercentComplete[1]", "value 'half'", "not a number"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testEmptyFileIsRefused() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("", to: "empty.xml", in: folder)
        try assertDataError(store, containing: ["empty.xml", "empty file"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testDanglingPredecessorNamesTheLink() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write("""
            <Project><Tasks><Task><UID>1</UID><Name>A</Name><PredecessorLink><PredecessorUID>9</PredecessorUID></PredecessorLink></Task></Tasks></Project>
            """, to: "links.xml", in: folder)
        try assertDataError(store, containing: ["/Project/Tasks[1]/Task[1]/PredecessorLink[1]/PredecessorUID", "value '9'", "no task has this UID"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }
}

/// Re-importing a plan is an update of its project (issue 24: it used to fail with "the store
/// already has this project").
final class MSPDIReimportTests: XCTestCase {
    func testImportingTheSameFileTwiceChangesNothingTheSecondTime() throws {
        let path = try sharedData("mspdi/sample.xml")
        let store = try PortfolioStore()
        _ = try MSPDIImporter().importFile(at: path, into: store)
        let before = try store.counts()
        let again = try MSPDIImporter().importFile(at: path, into: store)
        XCTAssertEqual(again.description, "no change")
        XCTAssertNil(again.revision)
        XCTAssertEqual(try store.counts(), before)
    }

    func testEveryFileOfTheSharedCorpusReimportsWithNoChange() throws {
        let folder = try sharedData("mspdi")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).filter({ $0.hasSuffix(".xml") }).sorted() {
            let store = try PortfolioStore()
            _ = try MSPDIImporter().importFile(at: folder + "/" + name, into: store)
            XCTAssertEqual(try MSPDIImporter().importFile(at: folder + "/" + name, into: store).description, "no change", name)
        }
    }
}

/// The project's name: `<Title>`, else the summary task's name, else the file's base name;
/// never `<Name>`, where MS Project writes the file name with its ".xml" (issue 24).
final class MSPDIProjectNameTests: XCTestCase {
    private func name(of xml: String, file: String) throws -> String? {
        let path = try write(xml, to: file, in: try temporaryFolder(self))
        return try MSPDIImporter().dataset(at: path).projects.first?.name
    }

    func testTitleNamesTheProject() throws {
        XCTAssertEqual(try name(of: """
            <Project><Name>plan.xml</Name><Title>Weather stations</Title><Tasks>
            <Task><UID>0</UID><OutlineLevel>0</OutlineLevel><Name>Summary</Name></Task></Tasks></Project>
            """, file: "plan.xml"), "Weather stations")
    }

    func testWithoutTitleTheSummaryTaskNamesTheProject() throws {
        XCTAssertEqual(try name(of: """
            <Project><Name>plan.xml</Name><Tasks>
            <Task><UID>0</UID><OutlineLevel>0</OutlineLevel><Name>Station rollout</Name></Task>
            <Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Name>Survey</Name></Task></Tasks></Project>
            """, file: "plan.xml"), "Station rollout")
    }

    func testWithoutTitleOrSummaryNameTheFileBaseNameNamesTheProject() throws {
        XCTAssertEqual(try name(of: """
            <Project><Name>Other name.xml</Name><Tasks>
            <Task><UID>0</UID><OutlineLevel>0</OutlineLevel></Task></Tasks></Project>
            """, file: "Station Plan.XML"), "Station Plan")
    }

    func testNoSharedFileGivesAProjectNameEndingInXML() throws {
        for sub in ["mspdi", "mspdi-networks"] {
            let folder = try sharedData(sub)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".xml") {
                let name = try MSPDIImporter().dataset(at: folder + "/" + file).projects.first?.name ?? ""
                XCTAssertFalse(name.isEmpty, file)
                XCTAssertFalse(name.lowercased().hasSuffix(".xml"), "\(file): \(name)")
            }
        }
    }
}

/// A start after its finish lands as given, with a warning naming the file, the element and
/// both values (issue 24; docs/importers.md).
final class MSPDIDateOrderTests: XCTestCase {
    static let inverted = """
        <Project><Title>Backwards</Title>
        <StartDate>2024-03-10T08:00:00</StartDate>
        <FinishDate>2024-03-01T17:00:00</FinishDate>
        <Tasks>
        <Task><UID>0</UID><OutlineLevel>0</OutlineLevel><Name>Backwards</Name><Start>2024-03-01T08:00:00</Start><Finish>2024-03-10T17:00:00</Finish></Task>
        <Task><UID>4</UID><OutlineLevel>1</OutlineLevel><Name>Pour slab</Name>
        <Start>2024-03-08T08:00:00</Start><Finish>2024-03-05T17:00:00</Finish></Task>
        <Task><UID>5</UID><OutlineLevel>1</OutlineLevel><Name>Same day</Name>
        <Start>2024-03-05T16:00:00</Start><Finish>2024-03-05T09:00:00</Finish></Task>
        </Tasks></Project>
        """

    func testProjectStartAfterFinishIsAWarningNamingFileElementAndBothValues() throws {
        let folder = try temporaryFolder(self)
        let path = try write(Self.inverted, to: "back.xml", in: folder)
        let summary = try MSPDIImporter().importFile(at: path, into: try PortfolioStore())
        let project = try XCTUnwrap(summary.warnings.first { $0.message.hasPrefix("project") })
        XCTAssertEqual(project.location.file, path)
        XCTAssertEqual(project.location.line, 2)
        XCTAssertEqual(project.location.path, "/Project")
        for part in ["project 'Backwards'", "StartDate 2024-03-10T08:00:00", "FinishDate 2024-03-01T17:00:00",
                     "summary task (UID 0) gives 2024-03-01T08:00:00 to 2024-03-10T17:00:00"] {
            XCTAssertTrue(project.description.contains(part), "\(part) not in: \(project)")
        }
    }

    func testTaskStartAfterFinishIsAWarningNamingTheTaskAndBothValues() throws {
        let folder = try temporaryFolder(self)
        let path = try write(Self.inverted, to: "back.xml", in: folder)
        let summary = try MSPDIImporter().importFile(at: path, into: try PortfolioStore())
        let task = try XCTUnwrap(summary.warnings.first { $0.message.hasPrefix("task") })
        XCTAssertEqual(task.description,
                       "\(path):7: /Project/Tasks[1]/Task[2]: task UID 4 'Pour slab': Start 2024-03-08T08:00:00 is after Finish 2024-03-05T17:00:00; imported as given")
    }

    func testStartAfterFinishOnTheSameDayIsNotAWarning() throws {
        let folder = try temporaryFolder(self)
        let path = try write(Self.inverted, to: "back.xml", in: folder)
        let warnings = try MSPDIImporter().read(at: path).warnings
        XCTAssertEqual(warnings.count, 2, "\(warnings)")
        XCTAssertFalse(warnings.contains { $0.message.contains("Same day") }, "\(warnings)")
    }

    func testImportWithStartAfterFinishStillLandsAsGiven() throws {
        let folder = try temporaryFolder(self)
        let path = try write(Self.inverted, to: "back.xml", in: folder)
        let store = try PortfolioStore()
        _ = try MSPDIImporter().importFile(at: path, into: store)
        let project = try XCTUnwrap(try store.records(Project.self).first)
        XCTAssertEqual(project.forecastStart, Day("2024-03-10"))
        XCTAssertEqual(project.forecastFinish, Day("2024-03-01"))
        let task = try XCTUnwrap(try store.records(WBSTask.self).first { $0.id == "back/T4" })
        XCTAssertEqual(task.forecastStart, Day("2024-03-08"))
        XCTAssertEqual(task.forecastFinish, Day("2024-03-05"))
    }

    func testConsistentFileHasNoWarnings() throws {
        let path = try sharedData("mspdi/sample.xml")
        XCTAssertEqual(try MSPDIImporter().read(at: path).warnings, [])
    }

    func testSharedFileWithRootStartAfterFinishWarnsWithTheSummaryTasksDates() throws {
        let path = try sharedData("mspdi/assignment-assignments-project2019-mspdi.xml")
        let warnings = try MSPDIImporter().read(at: path).warnings
        XCTAssertEqual(warnings.map(\.description), [
            "\(path):10: /Project: project 'assignment-assignments-project2019-mspdi': StartDate 2018-10-18T08:00:00 is after "
                + "FinishDate 2016-01-15T17:00:00; its summary task (UID 0) gives 2016-01-04T08:00:00 to 2016-01-15T17:00:00; imported as given",
        ])
    }
}

/// A task's outline position is MS Project's `ID`, else its place in the file (issue 24).
final class MSPDIOutlinePositionTests: XCTestCase {
    func testOutlinePositionIsTheTasksID() throws {
        let path = try write("""
            <Project><Tasks><Task><UID>0</UID><ID>0</ID></Task>
            <Task><UID>7</UID><ID>1</ID><Name>A</Name></Task><Task><UID>3</UID><ID>2</ID><Name>B</Name></Task></Tasks></Project>
            """, to: "ids.xml", in: try temporaryFolder(self))
        XCTAssertEqual(try MSPDIImporter().dataset(at: path).tasks.map { "\($0.id)@\($0.outlinePosition ?? -1)" }, ["ids/T7@1", "ids/T3@2"])
    }

    func testWithoutIDTheOutlinePositionIsThePlaceInTheFile() throws {
        let path = try write("""
            <Project><Tasks><Task><UID>0</UID></Task><Task><UID>9</UID><Name>A</Name></Task>
            <Task><UID>8</UID><IsNull>1</IsNull></Task><Task><UID>2</UID><Name>B</Name></Task></Tasks></Project>
            """, to: "noids.xml", in: try temporaryFolder(self))
        XCTAssertEqual(try MSPDIImporter().dataset(at: path).tasks.map { "\($0.id)@\($0.outlinePosition ?? -1)" }, ["noids/T9@1", "noids/T2@2"])
    }

    func testStoredTasksOfAProjectReadInOutlineOrder() throws {
        let tasks = (1...11).map { "<Task><UID>\($0)</UID><ID>\($0)</ID><Name>Step \($0)</Name></Task>" }
        let path = try write("<Project><Tasks>\(tasks.joined())</Tasks></Project>", to: "p.xml", in: try temporaryFolder(self))
        let store = try PortfolioStore()
        _ = try MSPDIImporter().importFile(at: path, into: store)
        let ids = try store.database.read { db in
            try String.fetchAll(try ScriptReads.rows(of: "tasks", knownOn: nil, asOf: nil, in: db))
        }
        XCTAssertEqual(ids, (1...11).map { "p/T\($0)" })
    }
}
