import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// The fixture of hand-written calendars (Fixtures/mspdi/calendars.xml).
func calendarsFixture(file: StaticString = #filePath) -> String {
    URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Fixtures/mspdi/calendars.xml").path
}

/// A day's working times as `from-to` minutes, in file order.
private func times(_ data: Dataset, of owner: String) -> [String] {
    data.calendarTimes.filter { $0.weekDayId == owner || $0.exceptionId == owner }.map { "\($0.fromMinute)-\($0.toMinute)" }
}

/// A week as `type:working:times` per day, in day type order.
private func week(_ data: Dataset, calendar: String, workWeek: String? = nil) -> [String] {
    data.calendarWeekDays.filter { $0.calendarId == calendar && $0.workWeekId == workWeek }.sorted { $0.dayType < $1.dayType }
        .map { "\($0.dayType):\($0.working ? 1 : 0):\(times(data, of: $0.id).joined(separator: ","))" }
}

/// MSPDI calendars, field by field against what the files say (read by hand, stated here).
final class MSPDICalendarSharedFileTests: XCTestCase {
    /// sample.xml's `Standard` (UID 1): Sunday and Saturday off, Monday to Friday 08:00-12:00
    /// and 13:00-17:00; a base calendar; the project's calendar (root CalendarUID 1).
    func testSampleStandardCalendarIsTheProjectsWithItsWeek() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi/sample.xml"))
        let standard = try XCTUnwrap(data.calendars.first { $0.id == "sample/C1" })
        XCTAssertEqual(standard.name, "Standard")
        XCTAssertTrue(standard.isBase)
        XCTAssertNil(standard.baseCalendarId)
        XCTAssertEqual(data.projects[0].calendarId, "sample/C1")
        XCTAssertEqual(week(data, calendar: "sample/C1"), [
            "1:0:", "2:1:480-720,780-1020", "3:1:480-720,780-1020", "4:1:480-720,780-1020", "5:1:480-720,780-1020",
            "6:1:480-720,780-1020", "7:0:",
        ])
    }

    /// sample.xml's `Night Shift` (UID 2): Monday 23:00-00:00; Tuesday to Friday 00:00-03:00,
    /// 04:00-08:00, 23:00-00:00; Saturday 00:00-03:00, 04:00-08:00; Sunday off. 00:00 as an
    /// end is midnight at the end of the day, minute 1440.
    func testSampleNightShiftEndsAtMidnightAsMinute1440() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi/sample.xml"))
        XCTAssertEqual(data.calendars.first { $0.id == "sample/C2" }?.name, "Night Shift")
        XCTAssertEqual(week(data, calendar: "sample/C2"), [
            "1:0:", "2:1:1380-1440", "3:1:0-180,240-480,1380-1440", "4:1:0-180,240-480,1380-1440",
            "5:1:0-180,240-480,1380-1440", "6:1:0-180,240-480,1380-1440", "7:1:0-180,240-480",
        ])
    }

    /// sample.xml's resource calendars list no day (they inherit every day): `First Resource`
    /// (UID 3) is based on Standard, `Second Resource` (UID 4) on Night Shift; the resources
    /// name them (Resource CalendarUID 3 and 4).
    func testSampleResourceCalendarsInheritEveryDayFromTheirBase() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi/sample.xml"))
        let first = try XCTUnwrap(data.calendars.first { $0.id == "sample/C3" })
        XCTAssertEqual(first.name, "First Resource")
        XCTAssertFalse(first.isBase)
        XCTAssertEqual(first.baseCalendarId, "sample/C1")
        XCTAssertEqual(data.calendars.first { $0.id == "sample/C4" }?.baseCalendarId, "sample/C2")
        XCTAssertEqual(week(data, calendar: "sample/C3"), [])
        XCTAssertEqual(data.resources.first { $0.name == "First Resource" }?.calendarId, "sample/C3")
        XCTAssertEqual(data.resources.first { $0.name == "Second Resource" }?.calendarId, "sample/C4")
    }

    /// mspdiresource.xml: `Brian Leach` (UID 5) is based on `Night Shift` (UID 6), which the
    /// file lists after it; the store gets the base first.
    func testABaseListedAfterItsDerivedCalendarIsStoredFirst() throws {
        let path = try sharedData("mspdi/mspdiresource.xml")
        let data = try MSPDIImporter().dataset(at: path)
        XCTAssertEqual(data.calendars.first { $0.id == "mspdiresource/C5" }?.baseCalendarId, "mspdiresource/C6")
        let order = data.calendars.map(\.id)
        XCTAssertLessThan(try XCTUnwrap(order.firstIndex(of: "mspdiresource/C6")), try XCTUnwrap(order.firstIndex(of: "mspdiresource/C5")))
        let store = try PortfolioStore()
        _ = try MSPDIImporter().importFile(at: path, into: store)
        XCTAssertEqual(try store.database.read { db in try String.fetchOne(db, sql: "SELECT calendar_id FROM resources WHERE name = 'Brian Leach'") },
                       "mspdiresource/C5")
    }

    /// mspditimephased.xml's `24 Hours` (UID 28): every day 00:00-00:00, the whole day.
    func testTwentyFourHoursCalendarWorksEveryMinuteOfEveryDay() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi/mspditimephased.xml"))
        XCTAssertEqual(data.calendars.first { $0.id == "mspditimephased/C28" }?.name, "24 Hours")
        XCTAssertEqual(week(data, calendar: "mspditimephased/C28"), (1...7).map { "\($0):1:0-1440" })
    }

    /// mspdiassignmentfields.xml's `Budget Work Resource` (UID 4) has BaseCalendarUID -65533:
    /// a negative UID is none, without a warning.
    func testNegativeBaseCalendarUIDIsNoBaseAndNoWarning() throws {
        let (data, warnings) = try MSPDIImporter().read(at: try sharedData("mspdi/mspdiassignmentfields.xml"))
        let budget = try XCTUnwrap(data.calendars.first { $0.id == "mspdiassignmentfields/C4" })
        XCTAssertEqual(budget.name, "Budget Work Resource")
        XCTAssertNil(budget.baseCalendarId)
        XCTAssertEqual(warnings, [])
    }

    /// commercial-construction-project-plan.xml (MS Project 2010): 33 calendars; each of the
    /// 32 resources has its own, named as it is and based on Standard (UID 1); no task has
    /// a calendar (Task CalendarUID -1).
    func testNetworkFileResourcesEachHaveACalendarBasedOnStandard() throws {
        let data = try MSPDIImporter().dataset(at: try sharedData("mspdi-networks/commercial-construction-project-plan.xml"))
        XCTAssertEqual(data.calendars.count, 33)
        XCTAssertEqual(data.resources.count, 32)
        let byId = Dictionary(uniqueKeysWithValues: data.calendars.map { ($0.id, $0) })
        for r in data.resources {
            let calendar = try XCTUnwrap(r.calendarId.flatMap { byId[$0] }, r.name)
            XCTAssertEqual(calendar.name, r.name)
            XCTAssertEqual(calendar.baseCalendarId, "commercial-construction-project-plan/C1", r.name)
        }
        XCTAssertTrue(data.tasks.allSatisfy { $0.calendarId == nil })
    }

    /// Every shared file (both folders) imports its calendars into the store, with the project's.
    func testEverySharedFileStoresItsCalendarsAndTheProjectsCalendar() throws {
        for folder in ["mspdi", "mspdi-networks"] {
            let path = try sharedData(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() where name.hasSuffix(".xml") {
                let store = try PortfolioStore()
                _ = try MSPDIImporter().importFile(at: path + "/" + name, into: store)
                let (calendars, projectCalendar) = try store.database.read { db in
                    (try Int.fetchOne(db, sql: "SELECT count(*) FROM calendars") ?? 0,
                     try String.fetchOne(db, sql: "SELECT calendar_id FROM projects"))
                }
                XCTAssertGreaterThan(calendars, 0, name)
                XCTAssertEqual(projectCalendar, (name as NSString).deletingPathExtension + "/C1", name)
            }
        }
    }
}

/// Calendars written by hand (Fixtures/mspdi/calendars.xml), read back field by field.
final class MSPDICalendarFixtureTests: XCTestCase {
    func data() throws -> Dataset { try MSPDIImporter().dataset(at: calendarsFixture()) }

    /// Ana's calendar (UID 2) lists Monday off and Saturday 09:00-13:00, and inherits the
    /// other days from Standard (UID 1): only the two days it writes are stored.
    func testADerivedCalendarStoresOnlyTheDaysItWrites() throws {
        let d = try data()
        XCTAssertEqual(d.calendars.first { $0.id == "calendars/C2" }?.baseCalendarId, "calendars/C1")
        XCTAssertEqual(week(d, calendar: "calendars/C2"), ["2:0:", "7:1:540-780"])
    }

    /// Standard's exception of 2026-12-05 (a Saturday): worked, 08:00-12:00.
    func testAWorkedExceptionOnASaturdayKeepsItsTimes() throws {
        let d = try data()
        let saturday = try XCTUnwrap(d.calendarExceptions.first { $0.id == "calendars/C1/E2026-12-05" })
        XCTAssertEqual(saturday.name, "Saturday worked")
        XCTAssertTrue(saturday.working)
        XCTAssertEqual(saturday.fromDate, Day("2026-12-05"))
        XCTAssertEqual(saturday.toDate, Day("2026-12-05"))
        XCTAssertEqual(times(d, of: saturday.id), ["480-720"])
    }

    /// Thanksgiving: Type 3 (yearly by position), Month 10 (November), MonthItem 7
    /// (Thursday), MonthPosition 3 (fourth), 5 occurrences from 2026-11-26 to 2030-11-28.
    func testARecurringExceptionKeepsItsRecurrenceAsWritten() throws {
        let d = try data()
        XCTAssertEqual(d.calendarExceptions.first { $0.name == "Thanksgiving" }, CalendarException(
            id: "calendars/C1/E2026-11-26", calendarId: "calendars/C1", name: "Thanksgiving",
            fromDate: Day("2026-11-26")!, toDate: Day("2030-11-28")!, working: false,
            recurrenceType: 3, occurrences: 5, monthItem: 7, monthPosition: 3, month: 10))
        let fridays = try XCTUnwrap(d.calendarExceptions.first { $0.name == "Second Fridays off" })
        XCTAssertEqual([fridays.recurrenceType, fridays.period, fridays.daysOfWeek], [6, 2, 32])
    }

    /// Standard's work week `Summer`, 2027-07-05 to 2027-08-27: Friday 08:00-12:00 only.
    func testAWorkWeekHasItsPeriodAndItsOwnDays() throws {
        let d = try data()
        XCTAssertEqual(d.calendarWorkWeeks, [CalendarWorkWeek(id: "calendars/C1/W2027-07-05", calendarId: "calendars/C1", name: "Summer",
                                                              fromDate: Day("2027-07-05")!, toDate: Day("2027-08-27")!)])
        XCTAssertEqual(week(d, calendar: "calendars/C1", workWeek: "calendars/C1/W2027-07-05"), ["6:1:480-720"])
    }

    /// Resource Ana (UID 1) uses calendar 2; task Lift (UID 1) calendar 3; task Dig has -1.
    func testResourcesAndTasksNameTheirCalendars() throws {
        let d = try data()
        XCTAssertEqual(d.resources.first { $0.name == "Ana" }?.calendarId, "calendars/C2")
        XCTAssertEqual(d.tasks.first { $0.name == "Lift" }?.calendarId, "calendars/C3")
        XCTAssertNil(try XCTUnwrap(d.tasks.first { $0.name == "Dig" }).calendarId)
    }

    /// Importing twice (under another id) gives the same rows with the project's prefix, and
    /// the same ids each time for one project id: keys a re-import can match.
    func testIdsComeFromTheProjectAndTheFile() throws {
        let a = try MSPDIImporter().dataset(at: calendarsFixture(), projectId: "X")
        let b = try MSPDIImporter().dataset(at: calendarsFixture(), projectId: "X")
        XCTAssertEqual(a.calendarTimes.map(\.id), b.calendarTimes.map(\.id))
        XCTAssertTrue(a.calendarTimes.contains { $0.id == "X/C1/D2/T2" })
        XCTAssertTrue(a.calendarTimes.contains { $0.id == "X/C1/E2026-12-05/T1" })
    }

    /// Deleting the project removes its calendars and every part of them.
    func testDeletingTheProjectRemovesItsCalendars() throws {
        let store = try PortfolioStore()
        _ = try MSPDIImporter().importFile(at: calendarsFixture(), into: store)
        try store.write { tx in _ = try tx.delete(Project.self, id: "calendars") }
        let left = try store.database.read { db in
            try Int.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM calendars) + (SELECT count(*) FROM calendar_week_days)
                     + (SELECT count(*) FROM calendar_exceptions) + (SELECT count(*) FROM calendar_times)
                     + (SELECT count(*) FROM calendar_work_weeks)
                """)
        }
        XCTAssertEqual(left, 0)
    }

    /// Files before MS Project 2007 write an exception as a WeekDay of DayType 0 with a
    /// TimePeriod; without an <Exceptions> element it is the calendar's exception.
    func testAnOldStyleDayTypeZeroIsAnException() throws {
        let path = try write("""
            <Project><Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>
            <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
            <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2003-12-25T00:00:00</FromDate><ToDate>2003-12-26T23:59:00</ToDate></TimePeriod></WeekDay>
            </WeekDays></Calendar></Calendars></Project>
            """, to: "old.xml", in: try temporaryFolder(self))
        let d = try MSPDIImporter().dataset(at: path)
        XCTAssertEqual(d.calendarExceptions, [CalendarException(id: "old/C1/E2003-12-25", calendarId: "old/C1",
                                                                fromDate: Day("2003-12-25")!, toDate: Day("2003-12-26")!, working: false)])
        XCTAssertEqual(week(d, calendar: "old/C1"), ["1:0:"])
    }

    /// MS Project 2007+ repeat their exceptions as DayType 0 week days: with an <Exceptions>
    /// element those are not read a second time.
    func testDayTypeZeroIsIgnoredWhenTheCalendarHasExceptions() throws {
        let path = try write("""
            <Project><Calendars><Calendar><UID>1</UID><IsBaseCalendar>1</IsBaseCalendar><WeekDays>
            <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2008-12-25T00:00:00</FromDate><ToDate>2008-12-25T23:59:00</ToDate></TimePeriod></WeekDay>
            </WeekDays><Exceptions><Exception><TimePeriod><FromDate>2008-12-25T00:00:00</FromDate><ToDate>2008-12-25T23:59:00</ToDate></TimePeriod>
            <Name>Christmas</Name><Type>1</Type><Period>1</Period><DayWorking>0</DayWorking></Exception></Exceptions></Calendar></Calendars></Project>
            """, to: "both.xml", in: try temporaryFolder(self))
        let d = try MSPDIImporter().dataset(at: path)
        XCTAssertEqual(d.calendarExceptions.map(\.name), ["Christmas"])
    }
}

/// Bad calendars: an error naming file, line, element, field and value, and nothing written;
/// references to calendars the file lacks: a warning.
final class MSPDICalendarBadInputTests: XCTestCase {
    func calendar(_ body: String, extra: String = "") -> String {
        "<Project><Calendars><Calendar><UID>1</UID><IsBaseCalendar>1</IsBaseCalendar>\n\(body)</Calendar>\(extra)</Calendars></Project>"
    }

    func failure(_ xml: String) throws -> DataError {
        let folder = try temporaryFolder(self)
        let path = try write(xml, to: "bad.xml", in: folder)
        let store = try seededStore(in: folder)
        let before = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM projects") }
        do {
            _ = try MSPDIImporter().importFile(at: path, into: store)
        } catch let error as DataError {
            XCTAssertEqual(error.file, path)
            XCTAssertEqual(try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM projects") }, before)
            XCTAssertEqual(try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM calendars") }, 0)
            return error
        }
        XCTFail("the import succeeded")
        throw ImportSucceeded()
    }

    struct ImportSucceeded: Error {}

    func testAnHourOutOfRangeNamesTheFromTime() throws {
        let e = try failure(calendar("""
            <WeekDays><WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>
            <FromTime>25:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay></WeekDays>
            """))
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.field, "FromTime")
        XCTAssertEqual(e.value, "25:00:00")
        XCTAssertEqual(e.path, "/Project/Calendars[1]/Calendar[1]/WeekDays[1]/WeekDay[1]/WorkingTimes[1]/WorkingTime[1]/FromTime[1]")
    }

    func testATimeWithASignIsNotATimeOfDay() throws {
        let e = try failure(calendar("""
            <WeekDays><WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>
            <FromTime>+8:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay></WeekDays>
            """))
        XCTAssertEqual(e.field, "FromTime")
        XCTAssertEqual(e.value, "+8:00:00")
    }

    func testAWorkingTimeThatEndsBeforeItStartsNamesTheToTime() throws {
        let e = try failure(calendar("""
            <WeekDays><WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>
            <FromTime>13:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay></WeekDays>
            """))
        XCTAssertEqual(e.field, "ToTime")
        XCTAssertEqual(e.value, "12:00:00")
        XCTAssertTrue(e.reason.contains("FromTime 13:00:00"), e.reason)
    }

    func testADayTypeOutOfRangeIsNamed() throws {
        let e = try failure(calendar("<WeekDays><WeekDay><DayType>8</DayType><DayWorking>0</DayWorking></WeekDay></WeekDays>"))
        XCTAssertEqual(e.field, "DayType")
        XCTAssertEqual(e.value, "8")
    }

    func testAnExceptionMonthOutOfRangeIsNamed() throws {
        let e = try failure(calendar("""
            <Exceptions><Exception><TimePeriod><FromDate>2026-01-01T00:00:00</FromDate><ToDate>2030-01-01T00:00:00</ToDate></TimePeriod>
            <Type>2</Type><Month>12</Month><MonthDay>1</MonthDay><DayWorking>0</DayWorking></Exception></Exceptions>
            """))
        XCTAssertEqual(e.field, "Month")
        XCTAssertEqual(e.value, "12")
        XCTAssertEqual(e.line, 3)
    }

    func testAnExceptionWithoutDatesIsAnError() throws {
        let e = try failure(calendar("<Exceptions><Exception><Name>When?</Name><DayWorking>0</DayWorking></Exception></Exceptions>"))
        XCTAssertEqual(e.path, "/Project/Calendars[1]/Calendar[1]/Exceptions[1]/Exception[1]/TimePeriod")
    }

    func testTwoCalendarsWithOneUIDAreAnError() throws {
        let e = try failure(calendar("", extra: "<Calendar><UID>1</UID></Calendar>"))
        XCTAssertEqual(e.value, "1")
        XCTAssertTrue(e.reason.contains("two calendars"), e.reason)
    }

    func testBaseCalendarsThatLoopAreAnError() throws {
        let e = try failure("""
            <Project><Calendars><Calendar><UID>2</UID><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>3</BaseCalendarUID></Calendar>
            <Calendar><UID>3</UID><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>2</BaseCalendarUID></Calendar></Calendars></Project>
            """)
        XCTAssertEqual(e.field, "BaseCalendarUID")
        XCTAssertTrue(e.reason.contains("2 -> 3 -> 2"), e.reason)
    }

    /// A positive CalendarUID that no calendar has: imported without a calendar, with a
    /// warning naming the resource and the UID.
    func testAResourceCalendarTheFileLacksIsAWarning() throws {
        let path = try write("""
            <Project><Calendars><Calendar><UID>1</UID><IsBaseCalendar>1</IsBaseCalendar></Calendar></Calendars>
            <Resources><Resource><UID>4</UID><Name>Ben</Name>
            <CalendarUID>9</CalendarUID></Resource></Resources></Project>
            """, to: "lack.xml", in: try temporaryFolder(self))
        let (data, warnings) = try MSPDIImporter().read(at: path)
        XCTAssertNil(data.resources.first?.calendarId)
        XCTAssertEqual(warnings.map(\.description),
                       ["\(path):3: /Project/Resources[1]/Resource[1]: resource UID 4: CalendarUID 9 names no calendar in the file; imported without a calendar"])
    }
}

/// An MS Project import exports and imports back whole: rows that name a parent row of their
/// own table come after it in the export (calendar C5 of mspdiresource.xml is based on C6;
/// task T10 of home-move-plan.xml sits under T9 ...), not before it as key order puts them.
final class MSPDIExportRoundTripTests: XCTestCase {
    func importedStore() throws -> PortfolioStore {
        let store = try PortfolioStore()
        _ = try MSPDIImporter().importFile(at: try sharedData("mspdi/mspdiresource.xml"), into: store)
        _ = try MSPDIImporter().importFile(at: try sharedData("mspdi-networks/home-move-plan.xml"), into: store)
        _ = try MSPDIImporter().importFile(at: calendarsFixture(), into: store)
        return store
    }

    func testTheSharedFilesHaveChildrenWhoseKeySortsBeforeTheirParents() throws {
        let store = try importedStore()
        let (tasks, calendars) = try store.database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks WHERE parent_id > id") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM calendars WHERE base_calendar_id > id") ?? 0)
        }
        XCTAssertGreaterThan(tasks, 0)
        XCTAssertGreaterThan(calendars, 0)
    }

    func testCSVBundleExportThenImportGivesTheSameCalendarsAndTasks() throws {
        let folder = try temporaryFolder(self)
        let original = try importedStore()
        try CSVBundleExporter().export(original, to: folder + "/a")
        let copy = try PortfolioStore()
        _ = try CSVBundleImporter().importBundle(at: folder + "/a", into: copy)
        XCTAssertEqual(try copy.counts(), try original.counts())
        XCTAssertEqual(Set(try copy.records(WorkCalendar.self)), Set(try original.records(WorkCalendar.self)))
        XCTAssertEqual(Set(try copy.records(CalendarException.self)), Set(try original.records(CalendarException.self)))
        XCTAssertEqual(Set(try copy.records(WBSTask.self)), Set(try original.records(WBSTask.self)))
        XCTAssertEqual(Set(try copy.records(Project.self)), Set(try original.records(Project.self)))
    }

    func testJSONExportThenImportGivesTheSameDocument() throws {
        let folder = try temporaryFolder(self)
        let original = try importedStore()
        try JSONExporter().export(original, to: folder + "/a.json")
        let copy = try PortfolioStore()
        _ = try JSONImporter().importDocument(at: folder + "/a.json", into: copy)
        XCTAssertEqual(try JSONExporter().document(copy), try JSONExporter().document(original))
    }
}

/// The keys checked at commit are declared once (`StoreSchema.deferredReferences`) and the
/// order of tables for inserts ignores them, so the project/calendar pair does not reorder
/// the other tables.
final class DeferredReferenceTests: XCTestCase {
    func testTheDeclaredDeferredKeysAreTheSchemasDeferrableOnes() throws {
        let sql = try PortfolioStore().database.read { db in
            try String.fetchAll(db, sql: "SELECT name || ':' || sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%DEFERRABLE%'")
        }
        XCTAssertEqual(sql.count, StoreSchema.deferredReferences.count)
        for reference in StoreSchema.deferredReferences {
            let parts = reference.split(separator: ".")
            let table = try XCTUnwrap(sql.first { $0.hasPrefix(parts[0] + ":") }, reference)
            XCTAssertTrue(table.contains("\(parts[1]) TEXT REFERENCES calendars(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED"), table)
        }
    }

    /// SQLite would say only "FOREIGN KEY constraint failed" at COMMIT; the import names the
    /// file, the row, the field and the value, and writes nothing.
    func testACSVProjectNamingNoCalendarNamesTheFileRowFieldAndValue() throws {
        let folder = try temporaryFolder(self)
        let bundle = folder + "/bundle"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        let file = try write("id,name,phase,calendar_id\nP9,Nine,planning,nope\n", to: "projects.csv", in: bundle)
        let store = try seededStore(in: folder)
        let before = try store.counts()
        XCTAssertThrowsError(try CSVBundleImporter().importBundle(at: bundle, into: store)) { error in
            XCTAssertEqual(error as? DataError, DataError(file: file, path: "projects 'P9'", field: "calendar_id", value: "nope",
                                                          reason: "no row of calendars has this id; add it to calendars or fix the reference"))
        }
        XCTAssertEqual(try store.counts(), before)
    }

    func testAJSONProjectNamingNoCalendarNamesTheFileRowFieldAndValue() throws {
        let folder = try temporaryFolder(self)
        let file = try write(#"{"projects":[{"id":"P9","name":"Nine","phase":"planning","calendar_id":"nope"}]}"#, to: "a.json", in: folder)
        let store = try PortfolioStore()
        XCTAssertThrowsError(try JSONImporter().importDocument(at: file, into: store)) { error in
            XCTAssertEqual((error as? DataError)?.file, file)
            XCTAssertEqual((error as? DataError)?.value, "nope")
        }
        XCTAssertEqual(try store.records(Project.self), [])
    }

    func testAWriteThatLeavesAProjectsCalendarDanglingIsADataError() throws {
        let store = try PortfolioStore()
        var project = Project(id: "P1", name: "One", phase: .planning)
        project.calendarId = "P1/C1"
        XCTAssertThrowsError(try store.write { tx in try tx.insert(project) }) { error in
            XCTAssertEqual((error as? DataError)?.field, "calendar_id")
            XCTAssertEqual((error as? DataError)?.path, "projects 'P1'")
        }
        XCTAssertEqual(try store.records(Project.self), [])
    }

    /// Both rows in one transaction, the project first: the reference holds at commit.
    func testAProjectMayNameACalendarAddedLaterInTheTransaction() throws {
        let store = try PortfolioStore()
        var project = Project(id: "P1", name: "One", phase: .planning)
        project.calendarId = "P1/C1"
        try store.write { tx in
            try tx.insert(project)
            try tx.insert(WorkCalendar(id: "P1/C1", projectId: "P1", name: "Standard", isBase: true))
        }
        XCTAssertEqual(try store.records(Project.self).first?.calendarId, "P1/C1")
    }

    func testProjectsComeRightAfterProgramsAndCalendarsAfterProjects() throws {
        let names = try PortfolioStore().database.read { db in try StoreSchema.tables(db).map(\.name) }
        let projects = try XCTUnwrap(names.firstIndex(of: "projects"))
        XCTAssertEqual(names[projects - 1], "programs")
        XCTAssertLessThan(projects, try XCTUnwrap(names.firstIndex(of: "calendars")))
        XCTAssertLessThan(try XCTUnwrap(names.firstIndex(of: "calendars")), try XCTUnwrap(names.firstIndex(of: "tasks")))
    }
}
