import Foundation
import XCTest

/// The import fuzzer's inputs depend on its seed alone, so a seed printed with a failure
/// replays the same inputs, in this process or the next.
final class ImportMutatorTests: XCTestCase {
    static let document = Array(#"{"projects": [{"id": "P1", "name": "One", "bac": 100, "phase": "execution", "manager": "Ann"}], "portfolios": [{"id": "PF", "name": "Pf"}]}"#.utf8)

    func mutations(seed: UInt64, count: Int = 200) -> [[UInt8]] {
        var mutator = ImportMutator(seed: seed)
        return (0..<count).map { _ in mutator.mutate(Self.document, others: [], structure: { m, b in m.json(b) }) }
    }

    func testTheSameSeedGivesTheSameInputs() {
        XCTAssertEqual(mutations(seed: 20261210), mutations(seed: 20261210))
    }

    func testAnotherSeedGivesOtherInputs() {
        XCTAssertNotEqual(mutations(seed: 20261210), mutations(seed: 20261211))
    }

    /// A dictionary's order changes from one process to the next: written unsorted, the same
    /// seed would damage other bytes in the next run.
    func testAJSONMutationWritesObjectKeysSorted() throws {
        let tables = ["risks", "projects", "portfolios", "issues", "benefits", "decisions"]
        let document = Array(("{" + tables.map { "\"\($0)\": [{\"id\": \"X\"}]" }.joined(separator: ", ") + "}").utf8)
        var mutator = ImportMutator(seed: 1)
        for _ in 0..<50 {
            let text = String(decoding: mutator.json(document), as: UTF8.self)
            let found = tables.compactMap { table in text.range(of: "\"\(table)\"").map { (table, $0.lowerBound) } }
            XCTAssertEqual(found.sorted { $0.1 < $1.1 }.map(\.0), found.map(\.0).sorted(), text)
        }
    }
}
