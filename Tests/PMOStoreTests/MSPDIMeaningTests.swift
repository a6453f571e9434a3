import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// The test's own reading of an MSPDI file, independent of the importer (regular expressions
/// on the text, not its XML reader): each element of a kind as its direct fields, with the
/// elements nested in it (baselines, links, time-phased data, extended attributes) removed.
enum MSPDIText {
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }

    static func removingNested(_ text: String) -> String {
        var text = text
        for tag in ["Baseline", "PredecessorLink", "TimephasedData", "ExtendedAttribute", "ExtendedAttributes", "Calendars",
                    "Tasks", "Resources", "Assignments", "OutlineCodes", "WBSMasks", "Rates", "AvailabilityPeriods"] {
            text = text.replacingOccurrences(of: "<\(tag)>.*?</\(tag)>", with: "", options: .regularExpression)
        }
        return text
    }

    /// The first value of each simple element `<Name>value</Name>` of `block`.
    static func fields(_ block: String) -> [String: String] {
        var out: [String: String] = [:]
        for m in matches("<(\\w+)>([^<]*)</\\1>", in: removingNested(block)) where out[m[1]] == nil { out[m[1]] = m[2] }
        return out
    }

    /// The `<Project>` element's own fields.
    static func project(_ text: String) -> [String: String] { fields(text) }

    /// Each `<element>` block's text, in file order.
    static func blocks(_ text: String, _ element: String) -> [String] {
        matches("<\(element)>(.*?)</\(element)>", in: text).map { $0[1] }
    }

    /// A `PT7H30M0S` duration in minutes; nil for another form.
    static func minutes(_ duration: String) -> Double? {
        guard let m = matches("^PT(\\d+)H(\\d+)M(\\d+)S$", in: duration).first,
              let h = Double(m[1]), let min = Double(m[2]), let s = Double(m[3]) else { return nil }
        return h * 60 + min + s / 60
    }

    static func day(_ dateTime: String?) -> Day? { dateTime.flatMap { Day(String($0.prefix(10))) } }
}

/// Every file of the shared MSPDI corpus (../shared/data/mspdi and mspdi-networks).
func sharedMSPDIFiles() throws -> [String] {
    var files: [String] = []
    for folder in [try sharedData("mspdi"), try sharedData("mspdi-networks")] {
        files += try FileManager.default.contentsOfDirectory(atPath: folder).sorted().filter { $0.hasSuffix(".xml") }.map { folder + "/" + $0 }
    }
    return files
}

/// Imports `path` into a store without organisation and returns the store.
func importedStore(_ path: String) throws -> PortfolioStore {
    let store = try PortfolioStore()
    _ = try MSPDIImporter().importFile(at: path, into: store)
    return store
}

/// The shared corpus keeps its meaning, field by field against the XML as this test reads it.
final class MSPDISharedMeaningTests: XCTestCase {
    func testProjectTitleCurrencyAndUnitsOfTimeAreTheFiles() throws {
        for path in try sharedMSPDIFiles() {
            let name = (path as NSString).lastPathComponent
            let xml = MSPDIText.project(try String(contentsOfFile: path, encoding: .utf8))
            let project = try XCTUnwrap(try importedStore(path).records(Project.self).first, name)
            if let title = xml["Title"] { XCTAssertEqual(project.name, title, name) }
            XCTAssertEqual(project.currency, xml["CurrencyCode"], name)
            XCTAssertNil(project.exchangeRate, name)
            XCTAssertEqual(project.minutesPerDay, Int(xml["MinutesPerDay"] ?? "480"), name)
            XCTAssertEqual(project.minutesPerWeek, Int(xml["MinutesPerWeek"] ?? "2400"), name)
            XCTAssertEqual(project.daysPerMonth, Int(xml["DaysPerMonth"] ?? "20"), name)
        }
    }

    func testTheCorpusHasFilesOfA450MinuteDayAndOtherCurrencies() throws {
        let projects = try sharedMSPDIFiles().map { MSPDIText.project(try String(contentsOfFile: $0, encoding: .utf8)) }
        XCTAssertTrue(projects.contains { $0["MinutesPerDay"] == "450" })
        XCTAssertTrue(projects.contains { $0["CurrencyCode"] == "GBP" })
    }

    func testLagsAreWorkingDaysOfTheProjectsDayWithTheirFormat() throws {
        var checked = 0
        for path in try sharedMSPDIFiles() {
            let name = (path as NSString).lastPathComponent, text = try String(contentsOfFile: path, encoding: .utf8)
            let minutesPerDay = Double(MSPDIText.project(text)["MinutesPerDay"] ?? "480")!
            let links = try importedStore(path).records(TaskLink.self)
            let id = (name as NSString).deletingPathExtension
            for task in MSPDIText.blocks(text, "Task") {
                let uid = MSPDIText.fields(task)["UID"]!
                for block in MSPDIText.blocks(task, "PredecessorLink") {
                    let f = MSPDIText.fields(block)
                    guard let link = links.first(where: { $0.successorId == "\(id)/T\(uid)" && $0.predecessorId == "\(id)/T\(f["PredecessorUID"]!)" })
                    else { continue }   // a link to a null task is not imported
                    XCTAssertEqual(f["LagFormat"] ?? "7", "7", "\(name): the corpus has day lags only")
                    let days = Double(f["LinkLag"] ?? "0")! / 10 / minutesPerDay
                    XCTAssertEqual(link.lagDays, days, accuracy: 1e-9, "\(name) \(uid)")
                    XCTAssertEqual(link.lagAmount ?? .nan, days, accuracy: 1e-9, "\(name) \(uid)")
                    XCTAssertEqual(link.lagUnit, .workingDays, "\(name) \(uid)")
                    XCTAssertEqual(link.lagFormat, "d", "\(name) \(uid)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 400)
    }

    func testTasksKeepDurationsConstraintsAndMSProjectsScheduleAsReported() throws {
        var checked = 0
        for path in try sharedMSPDIFiles() {
            let name = (path as NSString).lastPathComponent, text = try String(contentsOfFile: path, encoding: .utf8)
            let minutesPerDay = Double(MSPDIText.project(text)["MinutesPerDay"] ?? "480")!
            let id = (name as NSString).deletingPathExtension
            let tasks = Dictionary(uniqueKeysWithValues: try importedStore(path).records(WBSTask.self).map { ($0.id, $0) })
            for block in MSPDIText.blocks(text, "Task") {
                let f = MSPDIText.fields(block)
                guard let task = tasks["\(id)/T\(f["UID"]!)"] else { continue }   // UID 0 and null tasks
                let label = "\(name) UID \(f["UID"]!)"
                func days(_ tenths: String?) -> Double? { tenths.map { Double($0)! / 10 / minutesPerDay } }
                // Microsoft's DurationFormat: 4, 6, 8, 10, 12, 20 (and 36 ... 52 estimated) are elapsed.
                let elapsed = f["DurationFormat"].map { [4, 6, 8, 10, 12, 20].contains(Int($0)! > 32 ? Int($0)! - 32 : Int($0)!) } ?? false
                func durationDays(_ text: String?) -> Double? {
                    guard let text else { return nil }
                    guard let minutes = MSPDIText.minutes(text) else { XCTFail("\(label): duration \(text) of another form"); return nil }
                    return minutes / (elapsed ? 1440 : minutesPerDay)
                }
                XCTAssertEqual(task.reportedTotalSlackDays, days(f["TotalSlack"]), label)
                XCTAssertEqual(task.reportedFreeSlackDays, days(f["FreeSlack"]), label)
                XCTAssertEqual(task.reportedCritical, f["Critical"].map { $0 == "1" }, label)
                XCTAssertEqual(task.reportedEarlyStart, MSPDIText.day(f["EarlyStart"]), label)
                XCTAssertEqual(task.reportedEarlyFinish, MSPDIText.day(f["EarlyFinish"]), label)
                XCTAssertEqual(task.reportedLateStart, MSPDIText.day(f["LateStart"]), label)
                XCTAssertEqual(task.reportedLateFinish, MSPDIText.day(f["LateFinish"]), label)
                XCTAssertEqual(task.durationDays ?? -1, durationDays(f["Duration"]) ?? -1, accuracy: 1e-9, label)
                XCTAssertEqual(task.remainingDurationDays ?? -1, durationDays(f["RemainingDuration"]) ?? -1, accuracy: 1e-9, label)
                XCTAssertEqual(task.constraintType.map { ConstraintType.allCases.firstIndex(of: $0)! }, f["ConstraintType"].map { Int($0)! }, label)
                XCTAssertEqual(task.constraintDate, MSPDIText.day(f["ConstraintDate"]), label)
                XCTAssertEqual(task.deadline, MSPDIText.day(f["Deadline"]), label)
                XCTAssertEqual(task.isManual, f["Manual"] == "1", label)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 600)
    }

    func testElapsedDurationsAreIn24HourDays() throws {
        // mspdiduration.xml, read by hand: Task 8 is 1 ed (DurationFormat 8, PT24H0M0S), Task 9
        // 1 ew (10, PT168H0M0S), Task 10 1 emo (12, PT720H0M0S); Task 3 is 1 d (7, PT8H0M0S).
        let tasks = Dictionary(uniqueKeysWithValues: try importedStore(try sharedData("mspdi/mspdiduration.xml"))
            .records(WBSTask.self).map { ($0.name, $0) })
        XCTAssertEqual(tasks["Task 8"]?.durationDays, 1)
        XCTAssertEqual(tasks["Task 8"]?.durationFormat, "ed")
        XCTAssertEqual(tasks["Task 9"]?.durationDays, 7)
        XCTAssertEqual(tasks["Task 9"]?.durationFormat, "ew")
        XCTAssertEqual(tasks["Task 10"]?.durationDays, 30)
        XCTAssertEqual(tasks["Task 3"]?.durationDays, 1)
        XCTAssertEqual(tasks["Task 3"]?.durationFormat, "d")
    }

    func testTheNetworksReportSlackAndCriticalTasks() throws {
        let path = try sharedData("mspdi-networks/commercial-construction-project-plan.xml")
        let tasks = try importedStore(path).records(WBSTask.self)
        XCTAssertTrue(tasks.contains { $0.reportedCritical == true })
        XCTAssertTrue(tasks.contains { ($0.reportedTotalSlackDays ?? 0) > 0 })
        XCTAssertTrue(tasks.allSatisfy { $0.reportedTotalSlackDays != nil && $0.reportedEarlyStart != nil })
    }

    func testManuallyScheduledTasksAreMarked() throws {
        let path = try sharedData("mspdi-networks/manual-tasks-with-actuals.xml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let manual = Set(MSPDIText.blocks(text, "Task").map(MSPDIText.fields).filter { $0["Manual"] == "1" && $0["UID"] != "0" }
            .map { "manual-tasks-with-actuals/T\($0["UID"]!)" })
        XCTAssertFalse(manual.isEmpty)
        XCTAssertEqual(Set(try importedStore(path).records(WBSTask.self).filter(\.isManual).map(\.id)), manual)
    }

    func testStartNoEarlierThanConstraintsKeepTheirDate() throws {
        // sample.xml: four tasks with <ConstraintType>4</ConstraintType> and a ConstraintDate.
        let path = try sharedData("mspdi/sample.xml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let snet = MSPDIText.blocks(text, "Task").map(MSPDIText.fields).filter { $0["ConstraintType"] == "4" }
        XCTAssertEqual(snet.count, 4)
        let tasks = try importedStore(path).records(WBSTask.self)
        for f in snet {
            let task = try XCTUnwrap(tasks.first { $0.id == "sample/T\(f["UID"]!)" })
            XCTAssertEqual(task.constraintType, .startNoEarlierThan)
            XCTAssertEqual(task.constraintDate, MSPDIText.day(f["ConstraintDate"]))
        }
    }

    func testWorkCostAndBudgetResourcesOfTheAssignmentFieldsFile() throws {
        // mspdiassignmentfields.xml, read by hand: R1 "Resource One" Type 1, MaxUnits 1.00,
        // StandardRate 50; R2 "Budget Work Resource" Type 1, IsBudget 1; R3 "Budget Cost
        // Resource" Type 0, IsCostResource 1, IsBudget 1; R4 "Resource Two" Type 1, rate 33.
        let store = try importedStore(try sharedData("mspdi/mspdiassignmentfields.xml"))
        let resources = Dictionary(uniqueKeysWithValues: try store.records(Resource.self).map { ($0.name, $0) })
        XCTAssertEqual(resources["Resource One"]?.kind, .person)
        XCTAssertEqual(resources["Resource One"]?.isBudget, false)
        XCTAssertEqual(resources["Resource One"]?.capacityHoursPerWeek, 40)
        XCTAssertEqual(resources["Budget Work Resource"]?.kind, .person)
        XCTAssertEqual(resources["Budget Work Resource"]?.isBudget, true)
        XCTAssertNil(resources["Budget Work Resource"]?.capacityHoursPerWeek)
        XCTAssertEqual(resources["Budget Cost Resource"]?.kind, .cost)
        XCTAssertEqual(resources["Budget Cost Resource"]?.isBudget, true)
        XCTAssertNil(resources["Budget Cost Resource"]?.capacityHoursPerWeek)
        XCTAssertEqual(resources["Resource Two"]?.costRate, 33)
    }

    func testBudgetAssignmentsOnTheSummaryTaskAreKeptAtProjectLevel() throws {
        // mspdiassignmentfields.xml: assignment UID 3 puts resource 2 on task 0 with BudgetWork
        // PT97H0M0S; UID 4 puts resource 3 on task 0 with BudgetCost 9600 (hundredths: 96).
        let store = try importedStore(try sharedData("mspdi/mspdiassignmentfields.xml"))
        let assignments = Dictionary(uniqueKeysWithValues: try store.records(Assignment.self).map { ($0.id, $0) })
        let work = try XCTUnwrap(assignments["mspdiassignmentfields/A3"])
        XCTAssertNil(work.taskId)
        XCTAssertEqual(work.resourceId, "mspdiassignmentfields/R2")
        XCTAssertEqual(work.budgetWorkHours, 97)
        let cost = try XCTUnwrap(assignments["mspdiassignmentfields/A4"])
        XCTAssertNil(cost.taskId)
        XCTAssertEqual(cost.budgetCost, 96)
        XCTAssertNil(assignments["mspdiassignmentfields/A2"]?.budgetCost, "a work resource's assignment carries no budget")
    }
}

/// Lags by format, in a project whose day is 450 minutes (Microsoft's reference,
/// PredecessorLink `LagFormat`; `LinkLag` in tenths of a minute, or the percent).
final class MSPDILagFormatTests: XCTestCase {
    /// The one link of a file where task 1 (Duration 15 h: two 450-minute days) precedes task 2.
    func link(format: Int?, lag: Int) throws -> TaskLink {
        let lagFormat = format.map { "<LagFormat>\($0)</LagFormat>" } ?? ""
        let path = try write("""
            <Project><MinutesPerDay>450</MinutesPerDay><MinutesPerWeek>2250</MinutesPerWeek><Tasks>
            <Task><UID>1</UID><Name>A</Name><Duration>PT15H0M0S</Duration></Task>
            <Task><UID>2</UID><Name>B</Name><PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type>
            <LinkLag>\(lag)</LinkLag>\(lagFormat)</PredecessorLink></Task></Tasks></Project>
            """, to: "lag.xml", in: try temporaryFolder(self))
        let data = try MSPDIImporter().dataset(at: path)
        return try XCTUnwrap(data.taskLinks.first)
    }

    func assertLag(_ l: TaskLink, days: Double, amount: Double, unit: LagUnit, format: String, line: UInt = #line) {
        XCTAssertEqual(l.lagDays, days, accuracy: 1e-12, line: line)
        XCTAssertEqual(l.lagAmount ?? .nan, amount, accuracy: 1e-12, line: line)
        XCTAssertEqual(l.lagUnit, unit, line: line)
        XCTAssertEqual(l.lagFormat, format, line: line)
    }

    func testADayLagIsOneDayOfTheProjectsMinutes() throws {
        assertLag(try link(format: 7, lag: 4500), days: 1, amount: 1, unit: .workingDays, format: "d")
    }

    func testALagWithoutFormatIsInDays() throws {
        assertLag(try link(format: nil, lag: 4500), days: 1, amount: 1, unit: .workingDays, format: "d")
    }

    func testALeadIsANegativeLag() throws {
        assertLag(try link(format: 7, lag: -9000), days: -2, amount: -2, unit: .workingDays, format: "d")
    }

    func testAnElapsedDayLagIsOne24HourDay() throws {
        assertLag(try link(format: 8, lag: 14400), days: 1, amount: 1, unit: .elapsedDays, format: "ed")
    }

    func testAnHourLagIsAPartOfTheProjectsDay() throws {
        // 4.5 hours = 270 minutes = 0.6 of a 450-minute day.
        assertLag(try link(format: 5, lag: 2700), days: 0.6, amount: 0.6, unit: .workingDays, format: "h")
    }

    func testAnElapsedHourLagIsAPartOfA24HourDay() throws {
        assertLag(try link(format: 6, lag: 7200), days: 0.5, amount: 0.5, unit: .elapsedDays, format: "eh")
    }

    func testAMinuteLagIsInWorkingDays() throws {
        assertLag(try link(format: 3, lag: 2250), days: 0.5, amount: 0.5, unit: .workingDays, format: "m")
    }

    func testAWeekLagIsTheProjectsWeekInWorkingDays() throws {
        assertLag(try link(format: 9, lag: 22500), days: 5, amount: 5, unit: .workingDays, format: "w")
    }

    func testAnElapsedWeekLagIsSevenElapsedDays() throws {
        assertLag(try link(format: 10, lag: 100800), days: 7, amount: 7, unit: .elapsedDays, format: "ew")
    }

    func testAMonthLagIsInWorkingDays() throws {
        // 20 days of 450 minutes.
        assertLag(try link(format: 11, lag: 90000), days: 20, amount: 20, unit: .workingDays, format: "mo")
    }

    func testAnElapsedMonthLagIsInElapsedDays() throws {
        assertLag(try link(format: 12, lag: 432000), days: 30, amount: 30, unit: .elapsedDays, format: "emo")
    }

    func testAPercentLagIsThatPercentOfThePredecessorsDuration() throws {
        // 50 % of task 1's two days.
        assertLag(try link(format: 19, lag: 50), days: 1, amount: 50, unit: .percent, format: "%")
    }

    func testAnElapsedPercentLagKeepsItsUnit() throws {
        assertLag(try link(format: 20, lag: 25), days: 0.5, amount: 25, unit: .elapsedPercent, format: "e%")
    }

    func testAnEstimatedDayLagIsMarkedEstimated() throws {
        assertLag(try link(format: 39, lag: 4500), days: 1, amount: 1, unit: .workingDays, format: "d?")
    }

    func testAnEstimatedElapsedDayLagIsMarkedEstimated() throws {
        assertLag(try link(format: 40, lag: 14400), days: 1, amount: 1, unit: .elapsedDays, format: "ed?")
    }

    func testAnEstimatedPercentLagIsMarkedEstimated() throws {
        assertLag(try link(format: 51, lag: 50), days: 1, amount: 50, unit: .percent, format: "%?")
    }

    func testALagFormatOf21IsNoneGivenAndReadAsWorkingTime() throws {
        let l = try link(format: 21, lag: 4500)
        XCTAssertEqual(l.lagDays, 1)
        XCTAssertEqual(l.lagUnit, .workingDays)
        XCTAssertNil(l.lagFormat)
    }

    func testAnUnknownLagFormatNamesTheElementAndValue() throws {
        XCTAssertThrowsError(try link(format: 13, lag: 4500)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("lag.xml:") && text.contains("/PredecessorLink[1]/LagFormat[1]") && text.contains("value '13'")
                          && text.contains("not a lag format"), text)
        }
    }

    func testTheLagOfAStoredLinkReadsBack() throws {
        let path = try write("""
            <Project><Tasks><Task><UID>1</UID><Name>A</Name></Task><Task><UID>2</UID><Name>B</Name>
            <PredecessorLink><PredecessorUID>1</PredecessorUID><LinkLag>28800</LinkLag><LagFormat>8</LagFormat></PredecessorLink>
            </Task></Tasks></Project>
            """, to: "stored.xml", in: try temporaryFolder(self))
        let l = try XCTUnwrap(try importedStore(path).records(TaskLink.self).first)
        assertLag(l, days: 2, amount: 2, unit: .elapsedDays, format: "ed")
    }
}

/// A task's constraint (Microsoft's reference, Task `ConstraintType` 0 to 7) and deadline.
final class MSPDIConstraintTests: XCTestCase {
    func task(_ fields: String) throws -> WBSTask {
        let path = try write("<Project><Tasks><Task><UID>1</UID><Name>A</Name>\(fields)</Task></Tasks></Project>",
                             to: "c.xml", in: try temporaryFolder(self))
        let data = try MSPDIImporter().dataset(at: path)
        return try XCTUnwrap(data.tasks.first)
    }

    func testConstraintTypesZeroToSevenAreASAPToFNLT() throws {
        let expected: [ConstraintType] = [.asSoonAsPossible, .asLateAsPossible, .mustStartOn, .mustFinishOn,
                                          .startNoEarlierThan, .startNoLaterThan, .finishNoEarlierThan, .finishNoLaterThan]
        XCTAssertEqual(expected.map(\.rawValue), ["ASAP", "ALAP", "MSO", "MFO", "SNET", "SNLT", "FNET", "FNLT"])
        for (code, type) in expected.enumerated() {
            XCTAssertEqual(try task("<ConstraintType>\(code)</ConstraintType>").constraintType, type, "\(code)")
        }
    }

    func testConstraintDateIsKeptAsADay() throws {
        let t = try task("<ConstraintType>7</ConstraintType><ConstraintDate>2024-05-17T17:00:00</ConstraintDate>")
        XCTAssertEqual(t.constraintDate, Day("2024-05-17"))
    }

    func testDeadlineIsKept() throws {
        XCTAssertEqual(try task("<Deadline>2024-06-28T17:00:00</Deadline>").deadline, Day("2024-06-28"))
    }

    func testAConstraintTypeAboveSevenNamesTheElement() throws {
        XCTAssertThrowsError(try task("<ConstraintType>8</ConstraintType>")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/Task[1]/ConstraintType[1]") && text.contains("value '8'") && text.contains("not a constraint type"), text)
        }
    }

    func testSlackIsInWorkingDaysOfTheProjectsDay() throws {
        let path = try write("""
            <Project><MinutesPerDay>450</MinutesPerDay><Tasks><Task><UID>1</UID><Name>A</Name>
            <TotalSlack>9000</TotalSlack><FreeSlack>2250</FreeSlack><Critical>0</Critical></Task></Tasks></Project>
            """, to: "s.xml", in: try temporaryFolder(self))
        let t = try XCTUnwrap(try MSPDIImporter().dataset(at: path).tasks.first)
        XCTAssertEqual(t.reportedTotalSlackDays, 2)
        XCTAssertEqual(t.reportedFreeSlackDays, 0.5)
        XCTAssertEqual(t.reportedCritical, false)
    }

    func testAMinutesPerDayOfZeroNamesTheField() throws {
        let path = try write("<Project><MinutesPerDay>0</MinutesPerDay></Project>", to: "z.xml", in: try temporaryFolder(self))
        XCTAssertThrowsError(try MSPDIImporter().dataset(at: path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("z.xml:1") && text.contains("MinutesPerDay") && text.contains("value '0'"), text)
        }
    }
}

/// Resource kinds (Microsoft's reference, Resource `Type` 0 material, 1 work, 2 cost;
/// `IsCostResource`, `IsGeneric`, `IsBudget`).
final class MSPDIResourceKindTests: XCTestCase {
    func resource(_ fields: String) throws -> Resource {
        let path = try write("""
            <Project><MinutesPerWeek>2250</MinutesPerWeek><Resources><Resource><UID>1</UID><Name>R</Name>\(fields)</Resource></Resources></Project>
            """, to: "r.xml", in: try temporaryFolder(self))
        let data = try MSPDIImporter().dataset(at: path)
        return try XCTUnwrap(data.resources.first)
    }

    func testTypeOneIsAPersonWithMaxUnitsOfTheProjectsWeek() throws {
        let r = try resource("<Type>1</Type><MaxUnits>0.50</MaxUnits>")
        XCTAssertEqual(r.kind, .person)
        XCTAssertEqual(r.capacityHoursPerWeek, 18.75)   // half of 2250 minutes
    }

    func testAGenericWorkResourceIsARole() throws {
        XCTAssertEqual(try resource("<Type>1</Type><IsGeneric>1</IsGeneric>").kind, .role)
    }

    func testTypeZeroIsMaterialWithoutCapacity() throws {
        let r = try resource("<Type>0</Type><MaxUnits>1.00</MaxUnits>")
        XCTAssertEqual(r.kind, .material)
        XCTAssertNil(r.capacityHoursPerWeek)
    }

    func testTypeTwoIsACost() throws {
        XCTAssertEqual(try resource("<Type>2</Type>").kind, .cost)
    }

    func testIsCostResourceIsACostWhateverItsType() throws {
        XCTAssertEqual(try resource("<Type>0</Type><IsCostResource>1</IsCostResource>").kind, .cost)
    }

    func testABudgetResourceHasNoCapacity() throws {
        let r = try resource("<Type>1</Type><MaxUnits>1.00</MaxUnits><IsBudget>1</IsBudget>")
        XCTAssertTrue(r.isBudget)
        XCTAssertNil(r.capacityHoursPerWeek)
    }

    func testAnUnknownTypeNamesTheElement() throws {
        XCTAssertThrowsError(try resource("<Type>5</Type>")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/Resource[1]/Type[1]") && text.contains("value '5'") && text.contains("not a resource type"), text)
        }
    }

    func testACostResourceIsStoredAsACost() throws {
        let path = try write("<Project><Resources><Resource><UID>1</UID><Name>Fees</Name><Type>2</Type></Resource></Resources></Project>",
                             to: "fees.xml", in: try temporaryFolder(self))
        XCTAssertEqual(try importedStore(path).records(Resource.self).first?.kind, .cost)
    }
}

/// The currency rule: money in another currency than the organisation's is refused, or
/// converted at the rate given; never relabelled (docs/importers.md).
final class MSPDICurrencyTests: XCTestCase {
    /// A GBP plan: BAC 1000.00 (baseline cost), a task costing 400.00 with a baseline of
    /// 350.00, a resource at 50 an hour, a budget cost resource with 96.00 on the summary task.
    static let plan = """
        <Project><Title>Plan</Title><CurrencyCode>GBP</CurrencyCode><Tasks>
        <Task><UID>0</UID><Name>Plan</Name><Cost>100000</Cost><Baseline><Number>0</Number><Cost>100000</Cost></Baseline></Task>
        <Task><UID>1</UID><Name>A</Name><Cost>40000</Cost><Baseline><Number>0</Number><Cost>35000</Cost></Baseline></Task>
        </Tasks><Resources><Resource><UID>1</UID><Name>Ann</Name><Type>1</Type><StandardRate>50</StandardRate></Resource>
        <Resource><UID>2</UID><Name>Budget</Name><Type>2</Type><IsBudget>1</IsBudget></Resource></Resources>
        <Assignments><Assignment><UID>1</UID><TaskUID>0</TaskUID><ResourceUID>2</ResourceUID><Start>2024-01-01T08:00:00</Start>
        <Finish>2024-01-01T08:00:00</Finish><BudgetCost>9600</BudgetCost></Assignment></Assignments></Project>
        """

    func store(currency: String?) throws -> (PortfolioStore, String) {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        if let currency {
            try store.write { tx in
                try tx.insert(Organisation(id: "ORG", name: "PMO", pmoType: .weatherStation, sourcing: .internal, currency: currency, fiscalYearStartMonth: 1))
            }
        }
        return (store, try write(Self.plan, to: "plan.xml", in: folder))
    }

    func testAStoreWithoutOrganisationKeepsTheFilesCurrency() throws {
        let (store, path) = try store(currency: nil)
        _ = try MSPDIImporter().importFile(at: path, into: store)
        let p = try XCTUnwrap(try store.record(Project.self, id: "plan"))
        XCTAssertEqual(p.currency, "GBP")
        XCTAssertEqual(p.bac, 1000)
        XCTAssertNil(p.exchangeRate)
    }

    func testTheOrganisationsOwnCurrencyImportsAsIs() throws {
        let (store, path) = try store(currency: "GBP")
        _ = try MSPDIImporter().importFile(at: path, into: store)
        XCTAssertEqual(try store.record(Project.self, id: "plan")?.currency, "GBP")
        XCTAssertEqual(try store.record(Project.self, id: "plan")?.bac, 1000)
    }

    func testAnotherCurrencyWithoutRateIsRefusedNamingBoth() throws {
        let (store, path) = try store(currency: "EUR")
        try assertDataError(store, containing: ["plan.xml:1", "/Project/CurrencyCode", "value 'GBP'", "in GBP, the organisation's in EUR", "--exchange-rate"]) {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        }
    }

    func testARateConvertsEveryMoneyField() throws {
        let (store, path) = try store(currency: "EUR")
        _ = try MSPDIImporter().importFile(at: path, exchangeRate: 1.17, into: store)
        let p = try XCTUnwrap(try store.record(Project.self, id: "plan"))
        XCTAssertEqual(p.bac ?? 0, 1170, accuracy: 1e-9)
        XCTAssertEqual(try store.record(WBSTask.self, id: "plan/T1")?.cost ?? 0, 468, accuracy: 1e-9)
        XCTAssertEqual(try store.record(Baseline.self, id: "plan/T1/B0")?.cost ?? 0, 409.5, accuracy: 1e-9)
        XCTAssertEqual(try store.record(Baseline.self, id: "plan/B0")?.cost ?? 0, 1170, accuracy: 1e-9)
        XCTAssertEqual(try store.record(Resource.self, id: "plan/R1")?.costRate ?? 0, 58.5, accuracy: 1e-9)
        XCTAssertEqual(try store.record(Assignment.self, id: "plan/A1")?.budgetCost ?? 0, 112.32, accuracy: 1e-9)
    }

    func testARateRecordsTheSourceCurrencyAndTheRate() throws {
        let (store, path) = try store(currency: "EUR")
        _ = try MSPDIImporter().importFile(at: path, exchangeRate: 1.17, into: store)
        let p = try XCTUnwrap(try store.record(Project.self, id: "plan"))
        XCTAssertEqual(p.currency, "EUR")
        XCTAssertEqual(p.sourceCurrency, "GBP")
        XCTAssertEqual(p.exchangeRate, 1.17)
    }

    func testARateForTheOrganisationsOwnCurrencyIsRefused() throws {
        let (store, path) = try store(currency: "GBP")
        try assertDataError(store, containing: ["plan.xml", "value 'GBP'", "already in the organisation's currency"]) {
            _ = try MSPDIImporter().importFile(at: path, exchangeRate: 1.17, into: store)
        }
    }

    func testARateOfZeroIsRefused() throws {
        let (store, path) = try store(currency: "EUR")
        try assertDataError(store, containing: ["plan.xml", "--exchange-rate", "value '0.0'", "not a number above 0"]) {
            _ = try MSPDIImporter().importFile(at: path, exchangeRate: 0, into: store)
        }
    }

    func testALowerCaseCurrencyCodeNamesTheElement() throws {
        let folder = try temporaryFolder(self)
        let path = try write("<Project>\n<CurrencyCode>gbp</CurrencyCode></Project>", to: "lc.xml", in: folder)
        XCTAssertThrowsError(try MSPDIImporter().dataset(at: path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("lc.xml:2") && text.contains("CurrencyCode") && text.contains("value 'gbp'") && text.contains("ISO 4217"), text)
        }
    }

    func testAFileWithoutCurrencyInAnOrganisationsStoreWarns() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try store.write { tx in
            try tx.insert(Organisation(id: "ORG", name: "PMO", pmoType: .weatherStation, sourcing: .internal, currency: "EUR", fiscalYearStartMonth: 1))
        }
        let path = try write("<Project><Title>Old</Title></Project>", to: "old.xml", in: folder)
        let summary = try MSPDIImporter().importFile(at: path, into: store)
        XCTAssertEqual(summary.warnings.map(\.message), ["the file gives no CurrencyCode; its money is imported as the organisation's EUR, unconverted"])
        XCTAssertNil(try store.record(Project.self, id: "old")?.currency)
    }
}
