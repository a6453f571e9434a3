import PMOModel
import XCTest

/// Earned schedule located on a plan in real time (Lipke 2003), on small plans worked by hand.
final class EarnedScheduleTests: XCTestCase {
    let jan1 = Day("2026-01-01")!

    /// A plan from 1 January: 100 by 31 January, 300 by 28 February, 400 by 31 March.
    func curve(finish: String = "2026-03-31", periods: [(String, Double)] = [("2026-01-31", 100), ("2026-02-28", 300), ("2026-03-31", 400)]) -> EarnedSchedule.Curve {
        var c = EarnedSchedule.Curve(start: jan1, finish: Day(finish)!)!
        for (end, pv) in periods { c.add(periodEnd: Day(end)!, pv: pv) }
        return c
    }

    func testEarnedScheduleInterpolatesInDaysWithinAPeriodOfItsOwnLength() throws {
        // EV 200 is half of February's 200: 31 + 14 days.
        let s = try curve().locate(ev: 200, asOf: Day("2026-02-28")!)
        XCTAssertEqual(s.es, 45, accuracy: 1e-12)
        XCTAssertEqual(s.at, 59)
        XCTAssertEqual(s.pd, 90)
    }

    func testNothingEarnedIsTimeZero() throws {
        XCTAssertEqual(try curve().locate(ev: 0, asOf: Day("2026-01-31")!).es, 0)
    }

    func testAFlatStretchIsEarnedWhole() throws {
        let c = curve(periods: [("2026-01-31", 100), ("2026-02-28", 100), ("2026-03-31", 400)])
        XCTAssertEqual(try c.locate(ev: 100, asOf: Day("2026-03-31")!).es, 59)
    }

    func testPlannedDurationEndsAtTheBaselineFinishNotAtTheLastStoredPeriod() throws {
        // A late project's curve padded at BAC for two months after the finish.
        let c = curve(periods: [("2026-01-31", 100), ("2026-02-28", 300), ("2026-03-31", 400),
                                ("2026-04-30", 400), ("2026-05-31", 400)])
        let s = try c.locate(ev: 400, asOf: Day("2026-05-31")!)
        XCTAssertEqual(s.es, 90)
        XCTAssertEqual(s.pd, 90)
        XCTAssertEqual(s.at, 151)
    }

    func testEarnedValueAbovePlanIsThePlannedDuration() throws {
        XCTAssertEqual(try curve().locate(ev: 450, asOf: Day("2026-03-31")!).es, 90)
    }

    func testAFinishInsideAPeriodEndsThePlanThere() throws {
        let c = curve(finish: "2026-03-15")
        XCTAssertEqual(c.pd, 74)
        XCTAssertEqual(try c.locate(ev: 350, asOf: Day("2026-03-31")!).es, 59 + 0.5 * 15, accuracy: 1e-12)
    }

    func testACurveThatDecreasesIsRefusedNamingThePeriod() {
        let c = curve(periods: [("2026-01-31", 100), ("2026-02-28", 90)])
        XCTAssertThrowsError(try c.locate(ev: 50, asOf: Day("2026-02-28")!)) {
            XCTAssertEqual($0 as? EarnedSchedule.Unavailable, .decreases(Day("2026-02-28")!))
        }
    }

    func testAPlanWithNoValueIsNoPlan() {
        let c = curve(periods: [("2026-01-31", 0)])
        XCTAssertThrowsError(try c.locate(ev: 0, asOf: Day("2026-01-31")!)) {
            XCTAssertEqual($0 as? EarnedSchedule.Unavailable, .noPlan)
        }
    }

    func testAFinishBeforeTheStartIsNoCurve() {
        XCTAssertNil(EarnedSchedule.Curve(start: jan1, finish: Day("2025-12-31")!))
    }
}

/// A published worked example, in periods of equal length so that days scale to periods.
final class EarnedScheduleWorkedExampleTests: XCTestCase {
    func testAgreesWithAnIndependentImplementationsTestCase() throws {
        // Figures (not code) from the open-source advantager project's spec,
        // github.com/advantager-pro/advantager, spec/models/project_spec.rb: a twelve-period
        // plan, cumulative EV 2260 at period 7; it expects ES 6.52 periods, SV(t) -0.48,
        // SPI(t) 0.93 and IEAC(t) 12.9 (rounded there). Periods here are 30 days long.
        let start = Day("2026-01-01")!
        let plan: [Double] = [100, 350, 650, 1050, 1500, 2000, 2500, 2950, 3350, 3650, 3900, 4000]
        var curve = try XCTUnwrap(EarnedSchedule.Curve(start: start, finish: start.adding(days: 359)))
        for (k, pv) in plan.enumerated() { curve.add(periodEnd: start.adding(days: 30 * (k + 1) - 1), pv: pv) }
        let s = try curve.locate(ev: 2260, asOf: start.adding(days: 7 * 30 - 1))
        XCTAssertEqual(s.es / 30, 6.52, accuracy: 5e-4)
        XCTAssertEqual((s.es - s.at) / 30, -0.48, accuracy: 5e-4)
        XCTAssertEqual(s.es / s.at, 0.93, accuracy: 5e-3)
        XCTAssertEqual(s.pd / (s.es / s.at) / 30, 12.9, accuracy: 5e-2)
    }
}
