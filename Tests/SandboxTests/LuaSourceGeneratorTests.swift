import XCTest

/// The sandbox fuzzer's programs depend on its seed alone, so a seed printed with a failure
/// replays the same programs.
final class LuaSourceGeneratorTests: XCTestCase {
    func programs(seed: UInt64, count: Int = 200) -> [String] {
        var generator = LuaSourceGenerator(seed: seed)
        return (0..<count).map { _ in generator.program() }
    }

    func testTheSameSeedGivesTheSamePrograms() {
        XCTAssertEqual(programs(seed: 20261207), programs(seed: 20261207))
    }

    func testAnotherSeedGivesOtherPrograms() {
        XCTAssertNotEqual(programs(seed: 20261207), programs(seed: 20261208))
    }
}
