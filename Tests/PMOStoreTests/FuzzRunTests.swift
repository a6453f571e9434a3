import FuzzSupport
import XCTest

/// The fuzz tests' settings (`FuzzRun`): a plain `swift test` runs each fuzzer's fixed seed and
/// case count; the environment asks for another seed, a random one, more cases or a time budget.
final class FuzzRunTests: XCTestCase {
    func testWithoutSettingsTheRunIsTheTestsFixedSeedAndCount() throws {
        let run = try FuzzRun(defaultSeed: 7, defaultIterations: 100, environment: [:])
        XCTAssertEqual(run, FuzzRun(seed: 7, origin: .fixed, iterations: 100, seconds: nil))
    }

    func testAGivenSeedIsUsed() throws {
        let run = try FuzzRun(defaultSeed: 7, defaultIterations: 100, environment: ["PMO_FUZZ_SEED": "1795767718281"])
        XCTAssertEqual(run.seed, 1795767718281)
        XCTAssertEqual(run.origin, .given)
    }

    func testRandomDrawsANewSeedEachTime() throws {
        let seeds = try (0..<4).map { _ in try FuzzRun(defaultSeed: 7, defaultIterations: 100, environment: ["PMO_FUZZ_SEED": "random"]).seed }
        XCTAssertEqual(Set(seeds).count, 4, "\(seeds)")
    }

    func testASeedThatIsNotANumberIsRefusedNamingTheVariable() {
        XCTAssertThrowsError(try FuzzRun(defaultSeed: 7, defaultIterations: 100, environment: ["PMO_FUZZ_SEED": "12x"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("PMO_FUZZ_SEED=12x: not a seed"), "\(error)")
        }
    }

    func testIterationsReplaceTheDefaultCount() throws {
        let run = try FuzzRun(defaultSeed: 7, defaultIterations: 100, environment: ["PMO_FUZZ_ITERATIONS": "5000"])
        XCTAssertEqual(run.iterations, 5000)
        XCTAssertEqual(run.forEachCase { _ in }, 5000)
    }

    func testAZeroOrNegativeCountIsRefused() {
        for text in ["0", "-3", "many"] {
            XCTAssertThrowsError(try FuzzRun(defaultSeed: 7, defaultIterations: 100, environment: ["PMO_FUZZ_ITERATIONS": text]), text)
        }
    }

    func testATimeBudgetAloneRunsUntilItIsSpent() throws {
        let run = try FuzzRun(defaultSeed: 7, defaultIterations: 100, environment: ["PMO_FUZZ_SECONDS": "0.2"])
        XCTAssertNil(run.iterations)
        let started = Date()
        let n = run.forEachCase { _ in usleep(1000) }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.2)
        XCTAssertGreaterThan(n, 0)
    }

    func testCasesAreNumberedFromOne() {
        var seen: [Int] = []
        FuzzRun(seed: 1, origin: .fixed, iterations: 3, seconds: nil).forEachCase { seen.append($0) }
        XCTAssertEqual(seen, [1, 2, 3])
    }

    func testTheReplayNamesTheSeedAndTheCasesUpToTheFailingOne() {
        let run = FuzzRun(seed: 42, origin: .random, iterations: nil, seconds: 60)
        XCTAssertEqual(run.replay(upTo: 17), "PMO_FUZZ_SEED=42 PMO_FUZZ_ITERATIONS=17")
    }

    func testARetiredVariableIsRefusedNamingItsSuccessor() {
        XCTAssertThrowsError(try FuzzRun(defaultSeed: 7, defaultIterations: 100, environment: ["PMO_IMPORT_FUZZ_SECONDS": "600"])) { error in
            XCTAssertEqual("\(error)", "PMO_IMPORT_FUZZ_SECONDS is no longer read: use PMO_FUZZ_SECONDS (docs/fuzzing.md)")
        }
    }
}
