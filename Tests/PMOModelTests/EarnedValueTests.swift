import PMOModel
import XCTest

final class EarnedValueTests: XCTestCase {
    /// A 4-month plan of 100 with 25 planned per month, status after month 2.
    func inputs(ev: Double, ac: Double) -> EVMInputs {
        let start = Day("2026-01-31")!
        let curve = (0..<4).map { PeriodValue(periodEnd: start.addingMonths($0).endOfMonth, value: Double($0 + 1) * 25) }
        return EVMInputs(bac: 100, statusDate: curve[1].periodEnd, pv: 50, ev: ev, ac: ac, plannedValue: curve)
    }

    func testCostAndScheduleIndices() {
        let e = EarnedValue(inputs(ev: 40, ac: 50))
        XCTAssertEqual(e.cpi, 0.8)
        XCTAssertEqual(e.spi, 0.8)
        XCTAssertEqual(e.cv, -10)
        XCTAssertEqual(e.sv, -10)
    }

    func testEstimateAtCompletionIsBACOverCPI() {
        let e = EarnedValue(inputs(ev: 40, ac: 50))
        XCTAssertEqual(e.eac!, 125, accuracy: 1e-9)
        XCTAssertEqual(e.etc!, 75, accuracy: 1e-9)
        XCTAssertEqual(e.vac!, -25, accuracy: 1e-9)
        XCTAssertEqual(e.tcpi!, 1.2, accuracy: 1e-9)
    }

    func testEarnedScheduleInterpolatesWithinThePeriod() {
        // EV 40 lies between PV 25 (1 period) and PV 50 (2 periods): ES = 1 + 15/25 = 1.6.
        let e = EarnedValue(inputs(ev: 40, ac: 50))
        XCTAssertEqual(e.es!, 1.6, accuracy: 1e-9)
        XCTAssertEqual(e.at, 2)
        XCTAssertEqual(e.spiT!, 0.8, accuracy: 1e-9)
        XCTAssertEqual(e.svT!, -0.4, accuracy: 1e-9)
    }

    func testEarnedScheduleIsNilForACurveThatDecreases() {
        // Not a cumulative curve: pmo.es refuses it, and the Swift model gives no ES.
        var i = inputs(ev: 40, ac: 50)
        i.plannedValue[2].value = 10
        let e = EarnedValue(i)
        XCTAssertNil(e.es)
        XCTAssertNil(e.spiT)
        XCTAssertEqual(e.cpi, 0.8)
    }

    func testEarnedScheduleIsTheWholePlanOnceEveryPlannedValueIsEarned() {
        let e = EarnedValue(inputs(ev: 120, ac: 50))
        XCTAssertEqual(e.es, 4)
        XCTAssertEqual(e.spiT, 2)   // AT = 2 periods
    }

    func testIndicatorsAreNilWithoutActualCost() {
        var i = inputs(ev: 40, ac: 0)
        i.ac = nil
        let e = EarnedValue(i)
        XCTAssertNil(e.cpi)
        XCTAssertNil(e.eac)
        XCTAssertEqual(e.spi, 0.8)
    }

    func testZeroActualCostGivesNoCPI() {
        XCTAssertNil(EarnedValue(inputs(ev: 40, ac: 0)).cpi)
    }
}
