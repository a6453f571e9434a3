/// The limits a sandboxed run gets. Every limit is always on: untrusted code never runs unbounded.
///
/// Defaults (also in docs/sandbox.md):
///
/// | limit | default | what happens when it is reached |
/// | --- | --- | --- |
/// | `memoryBytes` | 64 MiB | the allocation fails with a Lua memory error (`pcall` can catch it; the state stays usable) |
/// | `instructions` | 100,000,000 VM instructions | a `timeout` error that `pcall`/`xpcall` cannot swallow |
/// | `seconds` | 5 s wall clock (parse included) | a `timeout` error that `pcall`/`xpcall` cannot swallow |
/// | `killGraceSeconds` | 0.1 s | past `seconds + killGraceSeconds` the parent SIGKILLs the worker |
/// | `printBytes` | 64 KiB | further `print` output is dropped and the log is marked truncated |
/// | `sourceBytes` | 16 MiB | a chunk or module larger than this is refused before it is parsed |
/// | `resultBytes` | 16 MiB | results (as JSON) larger than this are refused |
///
/// A library's manifest may set its own limits, and a run may override them:
///
/// ```swift
/// var limits = SandboxLimits()          // the defaults
/// limits.seconds = 0.5
/// limits.memoryBytes = 8 << 20
/// ```
public struct SandboxLimits: Codable, Sendable, Equatable {
    /// Cap on the bytes the Lua state may hold, the sandbox's own setup (about 200 KB) included.
    public var memoryBytes: Int
    /// VM instructions per run, counted in steps of `granularity`.
    public var instructions: Int
    /// Wall-clock seconds per run, from the start of parsing to the last result.
    public var seconds: Double
    /// Extra seconds the parent waits past `seconds` before it kills the worker. Covers a run
    /// that a hook cannot stop: a looping `xpcall` handler, a pattern match that backtracks
    /// inside C, a crash in the Lua library.
    public var killGraceSeconds: Double
    /// Bytes of `print` output kept.
    public var printBytes: Int
    /// Largest chunk or module source accepted.
    public var sourceBytes: Int
    /// Largest encoded result accepted.
    public var resultBytes: Int
    /// VM instructions between two checks of the budget and the deadline; smaller stops sooner
    /// and runs slower.
    public var granularity: Int

    /// The largest memory cap anyone may set (1 TiB, in MiB): beyond it a number is refused,
    /// never converted (a Double past Int's range would trap).
    public static let maximumMemoryMB = 1 << 20
    /// The largest wall-clock limit anyone may set: one day.
    public static let maximumSeconds = 86_400.0
    /// The largest instruction budget anyone may set: 10^15 (days of work).
    public static let maximumInstructions = 1_000_000_000_000_000

    /// The documented defaults, with any of them replaced.
    public init(memoryBytes: Int = 64 << 20, instructions: Int = 100_000_000, seconds: Double = 5,
                killGraceSeconds: Double = 0.1, printBytes: Int = 64 << 10,
                sourceBytes: Int = 16 << 20, resultBytes: Int = 16 << 20, granularity: Int = 1000) {
        self.memoryBytes = memoryBytes
        self.instructions = instructions
        self.seconds = seconds
        self.killGraceSeconds = killGraceSeconds
        self.printBytes = printBytes
        self.sourceBytes = sourceBytes
        self.resultBytes = resultBytes
        self.granularity = granularity
    }

    /// These limits, each lowered to the `ceiling`'s where it asks for more: the workspace owner
    /// sets the ceiling (`pmo.config.lua`, `sandbox = {...}`), a library may only ask for less.
    public func capped(by ceiling: SandboxLimits) -> SandboxLimits {
        var l = self
        l.memoryBytes = min(l.memoryBytes, ceiling.memoryBytes)
        l.instructions = min(l.instructions, ceiling.instructions)
        l.seconds = min(l.seconds, ceiling.seconds)
        return l
    }

    /// What these limits ask for beyond `ceiling`, one phrase each ("memory_mb = 1000000 (at
    /// most 64)"); empty when they fit.
    public func excess(over ceiling: SandboxLimits) -> [String] {
        var out: [String] = []
        if memoryBytes > ceiling.memoryBytes { out.append("memory_mb = \(memoryBytes >> 20) (at most \(ceiling.memoryBytes >> 20))") }
        if seconds > ceiling.seconds { out.append("seconds = \(seconds) (at most \(ceiling.seconds))") }
        if instructions > ceiling.instructions { out.append("instructions = \(instructions) (at most \(ceiling.instructions))") }
        return out
    }

    /// The same limits, made safe to use: every value positive (a zero or negative value would
    /// otherwise mean "no limit" to LuaKit), memory at least 1 MiB (the sandbox's own setup
    /// needs some), and checks at least as often as the instruction budget.
    public var validated: SandboxLimits {
        var l = self
        l.memoryBytes = min(max(l.memoryBytes, 1 << 20), SandboxLimits.maximumMemoryMB << 20)
        l.instructions = min(max(l.instructions, 1), SandboxLimits.maximumInstructions)
        l.seconds = l.seconds.isFinite && l.seconds > 0 ? min(l.seconds, SandboxLimits.maximumSeconds) : 0.001
        l.killGraceSeconds = l.killGraceSeconds.isFinite && l.killGraceSeconds >= 0 ? l.killGraceSeconds : 0.1
        l.printBytes = max(l.printBytes, 0)
        l.sourceBytes = max(l.sourceBytes, 0)
        l.resultBytes = max(l.resultBytes, 1024)
        // A budget smaller than the step between checks would never be checked.
        l.granularity = min(max(l.granularity, 1), 1_000_000, l.instructions)
        return l
    }
}
