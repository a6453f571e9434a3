@testable import PMOStore
import XCTest

/// `EVMInputsQuery.Positions`: where a scan's project id sits in the list of project rows.
final class EVMInputsPositionsTests: XCTestCase {
    private func find(_ positions: inout EVMInputsQuery.Positions, _ id: String) -> Int? {
        var bytes = Array(id.utf8)
        return bytes.withUnsafeMutableBufferPointer { positions.position(of: UnsafeBufferPointer($0)) }
    }

    func testFindsIdsInSQLiteBinaryOrderWithOneBeginningAnother() {
        // BINARY order: "P1" < "P10" < "P2" (a shorter id that begins a longer one comes first).
        var positions = EVMInputsQuery.Positions(["P1", "P10", "P2"])
        XCTAssertEqual(find(&positions, "P1"), 0)
        XCTAssertEqual(find(&positions, "P10"), 1)
        XCTAssertEqual(find(&positions, "P2"), 2)
    }

    func testSkipsIdsTheScanDoesNotHave() {
        var positions = EVMInputsQuery.Positions(["A", "B", "C", "D"])
        XCTAssertEqual(find(&positions, "C"), 2)
        XCTAssertEqual(find(&positions, "D"), 3)
    }

    func testFindsAnIdOutOfStepAndNoneForAnUnknownOne() {
        var positions = EVMInputsQuery.Positions(["A", "B", "C"])
        XCTAssertEqual(find(&positions, "C"), 2)
        XCTAssertEqual(find(&positions, "A"), 0)      // behind the cursor
        XCTAssertNil(find(&positions, "BB"))           // between two ids, in no list
        XCTAssertNil(find(&positions, "Z"))
        XCTAssertEqual(find(&positions, ""), nil)
    }
}
