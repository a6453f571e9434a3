import Foundation
import LuaKit

/// One job for a sandbox worker: what to run, with which arguments and limits.
///
/// ```swift
/// let job = SandboxRequest(.call(library: lib, module: "acme.delivery.kpis", function: "spi"),
///                          arguments: ["PRJ-042"])
/// ```
public struct SandboxRequest: Codable, Sendable {
    /// What to run.
    public enum Job: Codable, Sendable {
        /// A chunk of source text; `name` is its chunk name ("@health.lua", "=(command line)").
        case chunk(source: String, name: String)
        /// `require(module)[function](arguments...)` in the library's environment (the module's
        /// own value when `function` is nil).
        case call(library: SandboxLibrary, module: String, function: String?)
        /// A chunk of source text run in a library's environment, so that its `require`
        /// reaches the library's modules.
        case libraryChunk(library: SandboxLibrary, source: String, name: String)
        /// For tests of the second wall: native code in the worker tries to open `path` for
        /// reading, create a file in `directory`, and make an AF_INET and an AF_UNIX socket;
        /// the results are the four errnos (0: it worked), then how many descriptors are open
        /// above 2. Refused unless the worker was
        /// started with `PMO_WORKER_PROBES=1` in its environment.
        case probe(path: String, directory: String)
    }

    /// What to run.
    public var job: Job
    /// The values the code receives, as `...` for a chunk, as parameters for a call.
    public var arguments: [LuaData]
    /// Limits for this run; nil for the library's limits, or the defaults.
    public var limits: SandboxLimits?
    /// The store file the code may read through `pmo`; the worker opens it read-only
    /// (`PortfolioStore(readOnlyPath:)`) on first use. Nil: `pmo` has no store.
    public var store: String?
    /// The date `pmo.today()` gives with a store; nil for the system date.
    public var today: String?
    /// The baseline number earned value measures against (the workspace's `evm.baseline`),
    /// so sandboxed code sees the figures the parent's session does.
    public var baseline: Int
    /// The workspace's settings scripts read (`pmo.settings`, `PMOSession.settings`).
    public var settings: [String: LuaData] = [:]

    /// A request to run `job` with `arguments`, under `limits` (nil: the library's, or the
    /// defaults), reading the store at `store` (opened read-only) if given.
    public init(_ job: Job, arguments: [LuaData] = [], limits: SandboxLimits? = nil,
                store: String? = nil, today: String? = nil, baseline: Int = 0, settings: [String: LuaData] = [:]) {
        self.job = job
        self.arguments = arguments
        self.limits = limits
        self.store = store
        self.today = today
        self.baseline = baseline
        self.settings = settings
    }

    /// The limits that apply: the run's, else the library's, else the defaults.
    public var effectiveLimits: SandboxLimits {
        if let limits { return limits.validated }
        if case .call(let library, _, _) = job, let l = library.limits { return l.validated }
        if case .libraryChunk(let library, _, _) = job, let l = library.limits { return l.validated }
        return SandboxLimits().validated
    }
}

/// What a successful sandboxed run gives back.
public struct SandboxOutcome: Codable, Sendable, Equatable {
    /// The values the code returned.
    public var results: [LuaData]
    /// What the code printed, one entry per `print` call.
    public var log: [String]
    /// Whether print output was dropped for passing the limit.
    public var logTruncated: Bool

    /// An outcome with these results and log.
    public init(results: [LuaData], log: [String], logTruncated: Bool) {
        self.results = results
        self.log = log
        self.logTruncated = logTruncated
    }
}

/// The worker's answer on the wire: an outcome or an error.
struct WorkerResponse: Codable {
    var outcome: SandboxOutcome?
    var error: SandboxError?
}

/// Length-prefixed frames on a pipe: a 4-byte big-endian length, then that many bytes of JSON.
/// A zero-length frame is the worker's "ready" signal.
enum WorkerFrame {
    /// Largest frame either side accepts, so a confused peer cannot make the other allocate
    /// without bound.
    static let maxBytes = 256 << 20

    static func encode(_ payload: [UInt8]) -> [UInt8] {
        // A payload past 4 GiB (never made: frames stop at `maxBytes`) would be a length the
        // peer refuses, not a trap here.
        let n = UInt32(clamping: payload.count)
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + payload
    }

    static func length(_ header: [UInt8]) -> Int {
        Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
    }

    static let encoder: JSONEncoder = JSONEncoder()
    static let decoder: JSONDecoder = JSONDecoder()
}
