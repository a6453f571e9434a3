import PMOModel
import XCTest

final class CapacityTests: XCTestCase {
    func testSpreadsAnAssignmentOverItsDays() {
        let r = Resource(id: "R1", name: "Ana", capacityHoursPerWeek: 40)
        let a = Assignment(id: "A1", resourceId: "R1", projectId: "P", periodStart: Day("2026-01-01")!,
                           periodEnd: Day("2026-01-14")!, plannedHours: 56)
        let load = ResourceLoad.loads(resources: [r], assignments: [a], window: Day("2026-01-01")!...Day("2026-01-07")!)
        XCTAssertEqual(load[0].plannedHours, 28, accuracy: 1e-9)
        XCTAssertEqual(load[0].capacityHours, 40, accuracy: 1e-9)
        XCTAssertFalse(load[0].isOverAllocated)
    }

    func testFlagsOverAllocation() {
        let r = Resource(id: "R1", name: "Ana", capacityHoursPerWeek: 20)
        let a = Assignment(id: "A1", resourceId: "R1", projectId: "P", periodStart: Day("2026-01-01")!,
                           periodEnd: Day("2026-01-07")!, plannedHours: 30)
        let load = ResourceLoad.loads(resources: [r], assignments: [a], window: Day("2026-01-01")!...Day("2026-01-07")!)
        XCTAssertTrue(load[0].isOverAllocated)
        XCTAssertEqual(load[0].utilisation!, 1.5, accuracy: 1e-9)
    }
}
