import Foundation

/// How long a fuzz test runs and from which seed, chosen by the environment so that a plain
/// `swift test` is deterministic and a developer can still ask for a long random run.
///
/// - `PMO_FUZZ_SEED`: unset, the test's own fixed seed (every run the same cases); a decimal
///   number, that seed; `random`, a new seed from the system's generator.
/// - `PMO_FUZZ_ITERATIONS`: the number of cases; unset, the test's default count, or no count
///   when `PMO_FUZZ_SECONDS` is set.
/// - `PMO_FUZZ_SECONDS`: a time budget; unset, none (a time bound would make the number of
///   cases, and so the cases, depend on the machine's speed).
///
/// A value that is none of these is an error rather than a silent default, so a mistyped
/// variable cannot turn a long random run into the short fixed one unnoticed.
public struct FuzzRun: Sendable, Equatable, CustomStringConvertible {
    /// The seed the cases come from.
    public let seed: UInt64
    /// Whether the seed is the test's fixed default, given, or drawn at random.
    public let origin: Origin
    /// Cases to run at most; nil when only the time budget bounds the run.
    public let iterations: Int?
    /// Seconds to run at most; nil when only the count bounds the run.
    public let seconds: Double?

    public enum Origin: String, Sendable {
        case fixed = "the test's fixed seed"
        case given = "PMO_FUZZ_SEED"
        case random = "PMO_FUZZ_SEED=random"
    }

    /// A value of one of the variables that cannot be used.
    public struct BadSetting: Error, CustomStringConvertible {
        public let description: String
    }

    /// Variables of the time-seeded fuzzers, before one set served them all, and the one each
    /// became: still set in a shell, they would otherwise be ignored without a word.
    public static let retired = [
        "PMO_FUZZ_CASES": "PMO_FUZZ_ITERATIONS", "PMO_FUZZ_STORE_SECONDS": "PMO_FUZZ_SECONDS",
        "PMO_IMPORT_FUZZ_SEED": "PMO_FUZZ_SEED", "PMO_IMPORT_FUZZ_SECONDS": "PMO_FUZZ_SECONDS",
        "PMO_IMPORT_FUZZ_CASES": "PMO_FUZZ_ITERATIONS", "PMO_CRASH_SEED": "PMO_FUZZ_SEED",
    ]

    /// The run a test asked for, from `environment`.
    public init(defaultSeed: UInt64, defaultIterations: Int,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let old = Self.retired.keys.sorted().first(where: { environment[$0] != nil }) {
            throw BadSetting(description: "\(old) is no longer read: use \(Self.retired[old]!) (docs/fuzzing.md)")
        }
        switch environment["PMO_FUZZ_SEED"].map({ $0.trimmingCharacters(in: .whitespaces) }) {
        case nil, "":
            (seed, origin) = (defaultSeed, .fixed)
        case "random":
            var system = SystemRandomNumberGenerator()
            (seed, origin) = (system.next(), .random)
        case let text?:
            guard let value = UInt64(text) else {
                throw BadSetting(description: "PMO_FUZZ_SEED=\(text): not a seed (a whole number from 0 to \(UInt64.max), or 'random')")
            }
            (seed, origin) = (value, .given)
        }
        let seconds: Double?
        switch environment["PMO_FUZZ_SECONDS"] {
        case nil, "": seconds = nil
        case let text?:
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw BadSetting(description: "PMO_FUZZ_SECONDS=\(text): not a number of seconds greater than 0")
            }
            seconds = value
        }
        switch environment["PMO_FUZZ_ITERATIONS"] {
        case nil, "": iterations = seconds == nil ? defaultIterations : nil
        case let text?:
            guard let value = Int(text), value > 0 else {
                throw BadSetting(description: "PMO_FUZZ_ITERATIONS=\(text): not a number of cases greater than 0")
            }
            iterations = value
        }
        self.seconds = seconds
    }

    /// A run with these settings, as a test of this type would make it.
    public init(seed: UInt64, origin: Origin, iterations: Int?, seconds: Double?) {
        (self.seed, self.origin, self.iterations, self.seconds) = (seed, origin, iterations, seconds)
    }

    /// Runs `body` once a case, with the case number from 1, until the count or the time
    /// budget is spent. Returns the number of cases run.
    @discardableResult
    public func forEachCase(_ body: (Int) throws -> Void) rethrows -> Int {
        let stop = seconds.map { Date().addingTimeInterval($0) }
        var n = 0
        while n < (iterations ?? .max) {
            if let stop, Date() >= stop { break }
            n += 1
            try body(n)
        }
        return n
    }

    /// The variables that replay this run's cases up to case `n` (all of them when nil).
    public func replay(upTo n: Int? = nil) -> String {
        "PMO_FUZZ_SEED=\(seed)" + (n.map { " PMO_FUZZ_ITERATIONS=\($0)" } ?? iterations.map { " PMO_FUZZ_ITERATIONS=\($0)" } ?? "")
    }

    /// One line for the test's output: the seed, where it came from, the bound.
    public var description: String {
        let bound = [iterations.map { "\($0) cases" }, seconds.map { "\($0) s" }].compactMap { $0 }.joined(separator: " or ")
        return "seed \(seed) (\(origin.rawValue)), \(bound)"
    }
}
