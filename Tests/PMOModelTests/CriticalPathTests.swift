import Days
import PMOModel
import XCTest

/// The critical path engine on small networks worked by hand on MS Project's Standard calendar
/// (Monday to Friday, 08:00-12:00 and 13:00-17:00; 480 minutes a day). The week of Monday
/// 2026-01-05 is the project's first; the project starts Monday 08:00.
final class CriticalPathTests: XCTestCase {
    let day = 480

    func d(_ s: String) -> Day { Day(s)! }

    /// "2026-01-05T08:00"
    func at(_ s: String) -> Moment {
        let parts = s.split(separator: "T")
        let hm = parts[1].split(separator: ":")
        return Moment(day: Day(parts[0])!, minuteOfDay: Int(hm[0])! * 60 + Int(hm[1])!)
    }

    func task(_ id: String, _ days: Double?, parent: String? = nil, summary: Bool = false,
              configure: (inout ScheduleTask) -> Void = { _ in }) -> ScheduleTask {
        var t = ScheduleTask(id: id, parentId: parent, isSummary: summary,
                             durationMinutes: days.map { Int($0 * 480) })
        configure(&t)
        return t
    }

    func link(_ p: String, _ s: String, _ type: LinkType = .finishToStart, lag: Int = 0,
              elapsed: Bool = false, percent: Double? = nil) -> ScheduleLink {
        ScheduleLink(predecessorId: p, successorId: s, type: type, lagMinutes: lag, isElapsed: elapsed, percent: percent)
    }

    func run(_ tasks: [ScheduleTask], _ links: [ScheduleLink] = [], status: Day? = nil,
             calendars: TestCalendars = TestCalendars(), delays: [String: Int] = [:]) -> ScheduleResult {
        let network = ScheduleNetwork(projectId: "P", start: at("2026-01-05T08:00"), statusDate: status,
                                      tasks: tasks, links: links)
        return CriticalPath.schedule(network, calendars: calendars, delays: delays)
    }

    func t(_ r: ScheduleResult, _ id: String) -> ScheduledTask {
        guard let found = r.tasks.first(where: { $0.id == id }) else {
            XCTFail("no task \(id)")
            return ScheduledTask(id: id)
        }
        return found
    }

    // MARK: Links and lags

    func testFinishToStartSuccessorStartsAtTheNextWorkingMinute() {
        let r = run([task("A", 2), task("B", 1)], [link("A", "B")])
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-06T17:00"))
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(t(r, "B").earlyFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(r.finish, at("2026-01-07T17:00"))
    }

    func testStartToStartWithLagStartsTheSuccessorThatLongAfterThePredecessorStarts() {
        let r = run([task("A", 3), task("B", 2)], [link("A", "B", .startToStart, lag: day)])
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-06T08:00"))
        XCTAssertEqual(t(r, "B").earlyFinish, at("2026-01-07T17:00"))
    }

    func testFinishToFinishFinishesTheSuccessorWithThePredecessor() {
        let r = run([task("A", 3), task("B", 1)], [link("A", "B", .finishToFinish)])
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(t(r, "B").earlyFinish, at("2026-01-07T17:00"))
    }

    func testStartToFinishFinishesTheSuccessorWhenThePredecessorStarts() {
        let a = task("A", 2) { $0.constraint = .startNoEarlierThan; $0.constraintDate = self.d("2026-01-07") }
        let r = run([a, task("B", 1)], [link("A", "B", .startToFinish)])
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-06T08:00"))
        // MS Project shows the finish at the predecessor's start, Wednesday 08:00, the same
        // working time as Tuesday 17:00 (mspdirelations.xml, task 5).
        XCTAssertEqual(t(r, "B").earlyFinish, at("2026-01-07T08:00"))
    }

    func testLeadStartsTheSuccessorBeforeThePredecessorFinishes() {
        let r = run([task("A", 2), task("B", 1)], [link("A", "B", lag: -240)])
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-06T13:00"))
    }

    func testWorkingLagSkipsTheWeekend() {
        let r = run([task("A", 5), task("B", 1)], [link("A", "B", lag: day)])
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-13T08:00"))
    }

    func testElapsedLagCountsTwentyFourHourDays() {
        // A ends Friday 17:00; three elapsed days later is Monday 17:00, so B starts Tuesday.
        let r = run([task("A", 5), task("B", 1)], [link("A", "B", lag: 3 * 1440, elapsed: true)])
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-13T08:00"))
    }

    func testPercentLagIsAShareOfThePredecessorsDuration() {
        // 50 % of A's 4 days: 2 working days after Thursday 17:00 ends Monday 17:00.
        let r = run([task("A", 4), task("B", 1)], [link("A", "B", percent: 50)])
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-13T08:00"))
    }

    // MARK: Constraints and deadlines

    func testStartNoEarlierThanPushesTheStart() {
        let a = task("A", 1) { $0.constraint = .startNoEarlierThan; $0.constraintDate = self.d("2026-01-07") }
        let r = run([a, task("C", 5)])
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, 2 * day)
    }

    func testFinishNoEarlierThanPushesTheFinish() {
        let a = task("A", 1) { $0.constraint = .finishNoEarlierThan; $0.constraintDate = self.d("2026-01-08") }
        let r = run([a, task("C", 5)])
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-08T08:00"))
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-08T17:00"))
    }

    func testMustStartOnHoldsTheStartAgainstItsPredecessor() {
        let a = task("A", 1) { $0.constraint = .mustStartOn; $0.constraintDate = self.d("2026-01-06") }
        let r = run([task("B", 3), a], [link("B", "A")])
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-06T08:00"))
        XCTAssertEqual(t(r, "A").lateStart, at("2026-01-06T08:00"))
        // B must finish before Tuesday 08:00 but cannot before Wednesday 17:00.
        XCTAssertEqual(t(r, "B").totalFloatMinutes, -2 * day)
    }

    func testMustFinishOnFixesEarlyAndLateFinish() {
        let a = task("A", 1) { $0.constraint = .mustFinishOn; $0.constraintDate = self.d("2026-01-07") }
        let r = run([a, task("C", 5)])
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(t(r, "A").lateFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, 0)
    }

    func testStartNoLaterThanCapsTheLateStart() {
        let a = task("A", 1) { $0.constraint = .startNoLaterThan; $0.constraintDate = self.d("2026-01-06") }
        let r = run([a, task("C", 5)])
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-05T08:00"))
        XCTAssertEqual(t(r, "A").lateStart, at("2026-01-06T08:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, day)
    }

    func testFinishNoLaterThanCapsTheLateFinish() {
        let a = task("A", 1) { $0.constraint = .finishNoLaterThan; $0.constraintDate = self.d("2026-01-07") }
        let r = run([a, task("C", 5)])
        XCTAssertEqual(t(r, "A").lateFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, 2 * day)
    }

    func testAsLateAsPossibleUsesItsFreeFloat() {
        let b = task("B", 1) { $0.constraint = .startNoEarlierThan; $0.constraintDate = self.d("2026-01-08") }
        let a = task("A", 1) { $0.constraint = .asLateAsPossible }
        let r = run([a, b, task("C", 5)], [link("A", "B")])
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(t(r, "A").freeFloatMinutes, 0)
    }

    func testMissedDeadlineGivesNegativeFloatWithoutMovingTheTask() {
        let a = task("A", 3) { $0.deadline = self.d("2026-01-06") }
        let r = run([a])
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(t(r, "A").lateFinish, at("2026-01-06T17:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, -day)
        XCTAssertTrue(t(r, "A").isCritical)
    }

    // MARK: Calendars

    func testHolidayIsNotWorked() {
        let calendars = TestCalendars(standard: WeekTimeline.standard(holidays: [d("2026-01-07")]))
        let r = run([task("A", 3)], calendars: calendars)
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-08T17:00"))
    }

    func testTaskOnItsOwnCalendarWorksItsHours() {
        let calendars = TestCalendars(["24h": WeekTimeline.twentyFourHours()])
        let a = task("A", 1) { $0.calendarId = "24h" }
        let r = run([a, task("B", 1)], [link("A", "B")], calendars: calendars)
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-05T16:00"))
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-05T16:00"))
    }

    func testUnknownCalendarIsReportedAndTheProjectsUsed() {
        let a = task("A", 1) { $0.calendarId = "nope" }
        let r = run([a])
        XCTAssertEqual(r.problems.map(\.kind), [.unknownCalendar])
        XCTAssertEqual(r.problems.first?.taskIds, ["A"])
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-05T17:00"))
    }

    // MARK: Summaries and milestones

    func testSummaryRollsUpItsChildrenAndItsLinksBindThemAll() {
        let r = run([task("S", nil, summary: true), task("A", 2, parent: "S"), task("B", 3, parent: "S"), task("C", 1)],
                    [link("S", "C")])
        XCTAssertEqual(t(r, "S").earlyStart, at("2026-01-05T08:00"))
        XCTAssertEqual(t(r, "S").earlyFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(t(r, "C").earlyStart, at("2026-01-08T08:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, day)
        XCTAssertEqual(t(r, "S").totalFloatMinutes, 0)
    }

    func testMilestoneSitsAtItsPredecessorsFinish() {
        let r = run([task("A", 2), task("M", 0) { $0.isMilestone = true }, task("B", 1)], [link("A", "M"), link("M", "B")])
        XCTAssertEqual(t(r, "M").earlyStart, at("2026-01-06T17:00"))
        XCTAssertEqual(t(r, "M").earlyFinish, at("2026-01-06T17:00"))
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-07T08:00"))
    }

    // MARK: Progress and manual tasks

    func testStartedTaskResumesItsRemainingWorkAfterTheStatusDate() {
        // 2 of 4 days done by Tuesday; status Wednesday: the 2 days left are Thursday and Friday.
        let a = task("A", 4) { $0.actualStart = self.d("2026-01-05"); $0.remainingMinutes = 960 }
        let r = run([a], status: d("2026-01-07"))
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-05T08:00"))
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-09T17:00"))
    }

    func testFinishedTaskKeepsItsActualDates() {
        let a = task("A", 3) { $0.actualStart = self.d("2026-01-05"); $0.actualFinish = self.d("2026-01-06") }
        let r = run([a, task("B", 1)], [link("A", "B")], status: d("2026-01-06"))
        XCTAssertEqual(t(r, "A").earlyFinish, at("2026-01-06T17:00"))
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-07T08:00"))
    }

    func testUnstartedWorkIsNotScheduledBeforeTheStatusDate() {
        let r = run([task("A", 1)], status: d("2026-01-07"))
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-08T08:00"))
    }

    func testManualTaskKeepsItsDatesAndDrivesItsSuccessor() {
        let m = task("M", 2) { $0.isManual = true; $0.manualStart = self.d("2026-01-07"); $0.manualFinish = self.d("2026-01-08") }
        let r = run([m, task("B", 1)], [link("M", "B")])
        XCTAssertEqual(t(r, "M").earlyStart, at("2026-01-07T08:00"))
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-09T08:00"))
    }

    // MARK: Problems

    func testCycleIsReportedAndItsTasksLeftUnscheduled() {
        let r = run([task("A", 1), task("B", 1), task("C", 1)], [link("A", "B"), link("B", "A"), link("B", "C")])
        XCTAssertEqual(r.problems.map(\.kind), [.cycle])
        XCTAssertEqual(r.problems.first?.taskIds, ["A", "B"])
        XCTAssertNil(t(r, "A").earlyStart)
        XCTAssertEqual(t(r, "C").earlyStart, at("2026-01-05T08:00"))
    }

    func testLinkToUnknownTaskIsReportedAndIgnored() {
        let r = run([task("A", 1)], [link("X", "A")])
        XCTAssertEqual(r.problems.map(\.kind), [.unknownTask])
        XCTAssertEqual(r.problems.first?.taskIds, ["X"])
        XCTAssertEqual(t(r, "A").earlyStart, at("2026-01-05T08:00"))
    }

    func testTaskWithoutDurationIsReportedAndItsSuccessorDrivenByTheRest() {
        let r = run([task("A", nil), task("B", 1)], [link("A", "B")])
        XCTAssertEqual(r.problems.map(\.kind), [.noDuration])
        XCTAssertNil(t(r, "A").earlyStart)
        XCTAssertEqual(t(r, "B").earlyStart, at("2026-01-05T08:00"))
    }

    func testOpenEndsAreReported() {
        let r = run([task("A", 1), task("B", 1), task("C", 1)], [link("A", "B")])
        XCTAssertEqual([t(r, "A").hasOpenStart, t(r, "A").hasOpenFinish], [true, false])
        XCTAssertEqual([t(r, "B").hasOpenStart, t(r, "B").hasOpenFinish], [false, true])
        XCTAssertEqual([t(r, "C").hasOpenStart, t(r, "C").hasOpenFinish], [true, true])
    }

    // MARK: Floats and critical paths

    func testFreeFloatIsTheSlackBeforeTheSuccessorAndTotalFloatBeforeTheFinish() {
        let r = run([task("A", 1), task("B", 1), task("C", 4)], [link("A", "B")])
        XCTAssertEqual(t(r, "A").freeFloatMinutes, 0)
        XCTAssertEqual(t(r, "A").totalFloatMinutes, 2 * day)
        XCTAssertEqual(t(r, "B").freeFloatMinutes, 2 * day)
        XCTAssertFalse(t(r, "A").isCritical)
    }

    func testCriticalPathsAreTheZeroFloatChainsLongestFirst() {
        let r = run([task("A", 2), task("B", 2), task("C", 1), task("D", 1), task("E", 4)],
                    [link("A", "B"), link("C", "D")])
        XCTAssertEqual(r.criticalPaths, [["A", "B"], ["E"]])
        XCTAssertEqual(r.criticalPathLengthMinutes, 4 * day)
        XCTAssertEqual(r.finish, at("2026-01-08T17:00"))
    }

    func testDelayOnACriticalTaskMovesTheFinishAsMuch() {
        let r = run([task("A", 2), task("B", 2)], [link("A", "B")], delays: ["A": day])
        XCTAssertEqual(r.finish, at("2026-01-09T17:00"))
        XCTAssertEqual(r.criticalPathLengthMinutes, 5 * day)
    }

    // MARK: MS Project's reporting, as its own files show it (MSProjectAgreementTests)

    func testSummaryFreeFloatEqualsItsTotalFloat() {
        // A's free float is 0 (D follows it at once), but the summary reports its total float.
        let r = run([task("S", nil, summary: true), task("A", 1, parent: "S"), task("B", 3, parent: "S"),
                     task("D", 1), task("C", 5)], [link("A", "D")])
        XCTAssertEqual(t(r, "A").freeFloatMinutes, 0)
        XCTAssertEqual(t(r, "S").totalFloatMinutes, 2 * day)
        XCTAssertEqual(t(r, "S").freeFloatMinutes, 2 * day)
    }

    func testStartedTaskLateStartIsItsActualStartAndItsFloatItsFinishSlack() {
        let a = task("A", 2) { $0.actualStart = self.d("2026-01-05"); $0.remainingMinutes = 960 }
        let r = run([a, task("C", 5)])
        XCTAssertEqual(t(r, "A").lateStart, at("2026-01-05T08:00"))
        XCTAssertEqual(t(r, "A").lateFinish, at("2026-01-09T17:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, 3 * day)
    }

    func testFinishedTaskKeepsItsActualDatesAsLateDatesAndIsNotCritical() {
        let a = task("A", 1) { $0.actualStart = self.d("2026-01-05"); $0.actualFinish = self.d("2026-01-05") }
        let r = run([a, task("C", 5)])
        XCTAssertEqual(t(r, "A").lateFinish, at("2026-01-05T17:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, 0)
        XCTAssertFalse(t(r, "A").isCritical)
    }

    func testManualSummaryKeepsItsDatesAndBoundsItsSubtasksLateFinish() {
        let s = task("S", nil, summary: true) { $0.isManual = true; $0.manualStart = self.d("2026-01-05"); $0.manualFinish = self.d("2026-01-07") }
        let r = run([s, task("A", 1, parent: "S"), task("C", 5)])
        XCTAssertEqual(t(r, "S").earlyFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(t(r, "A").lateFinish, at("2026-01-07T17:00"))
        XCTAssertEqual(t(r, "A").totalFloatMinutes, 2 * day)
    }

    func testManualSubtaskRollsItsScheduledDatesIntoTheSummarysLateDates() {
        let m = task("M", 1, parent: "S") { $0.isManual = true; $0.manualStart = self.d("2026-01-05"); $0.manualFinish = self.d("2026-01-05") }
        let r = run([task("S", nil, summary: true), m, task("A", 1, parent: "S"), task("C", 5)])
        XCTAssertEqual(t(r, "M").lateStart, at("2026-01-09T08:00"))
        XCTAssertEqual(t(r, "S").lateStart, at("2026-01-05T08:00"))
        XCTAssertEqual(t(r, "S").totalFloatMinutes, 0)
    }
}
