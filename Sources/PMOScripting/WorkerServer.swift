import CWorkerJail
import Foundation
import LuaKit
import PMOModel
import PMOStore

/// The worker side of `SandboxWorker`: `pmo __worker` calls `serve()`, which answers requests
/// from standard input on the original standard output until standard input closes.
///
/// Each request runs in a fresh `Sandbox`, so nothing from one run reaches the next. The worker
/// never writes to the store: it opens a request's store read-only, and results go back to
/// the parent, which alone writes.
public enum WorkerServer {
    /// The environment variable through which the parent names itself, so that the worker can
    /// check, after asking to die with it, that it has not died already.
    public static let parentVariable = "PMO_WORKER_PARENT"
    /// `PMO_SANDBOX_SECCOMP`: unset or `errno` (denied calls fail with EPERM), `kill` (the
    /// worker dies with SIGSYS), `trap` (it names the call on stderr and exits 159), `off` (no
    /// filter: for measuring its cost and for tests that show what it stops).
    public static let seccompVariable = "PMO_SANDBOX_SECCOMP"
    /// `PMO_WORKER_PROBES=1` lets requests of the `.probe` kind run (tests only).
    public static let probesVariable = "PMO_WORKER_PROBES"
    /// Address space the worker may use beyond the Lua memory cap: the Swift runtime, SQLite's
    /// page cache and the host's own buffers (RLIMIT_AS; docs/sandbox.md).
    public static let addressSpaceBaseBytes = 1 << 30

    /// What the worker was bound to by its first request: the store it opened before its
    /// seccomp filter went on (nothing can be opened after), and its address-space limit.
    struct Binding {
        var storePath: String?
        var store: Result<PortfolioStore, Error>?
        var memoryBytes: Int
    }
    nonisolated(unsafe) static var binding: Binding?

    /// Serves requests until end of input, then returns the exit status (0).
    public static func serve() -> Int32 {
        // Die with the parent: a worker must never outlive the `pmo` that started it.
        if let text = getenv(parentVariable).map({ String(cString: $0) }), let parent = pid_t(text) {
            guard pmo_jail_die_with_parent(parent) == 0 else { return 1 }
        }
        // Nothing the parent left open reaches the code.
        pmo_jail_close_inherited_fds()
        // The worker's own hard limits end it by SIGALRM and SIGXCPU's default action: undo an
        // ignored or blocked disposition inherited from whoever started the parent.
        pmo_jail_default_signals()
        // Keep the response pipe private: anything else that writes to stdout goes to stderr.
        let out = dup(1)
        _ = dup2(2, 1)
        signal(SIGPIPE, SIG_IGN)
        // A crash inside Lua is an expected way to fail here: no core files.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)

        guard writeAll(out, WorkerFrame.encode([])) else { return 1 }
        while let payload = readFrame(0) {
            let response: WorkerResponse
            var resultBytes = SandboxLimits().resultBytes
            do {
                let request = try WorkerFrame.decoder.decode(SandboxRequest.self, from: Data(payload))
                resultBytes = request.effectiveLimits.resultBytes
                if let refusal = bind(to: request) {
                    response = WorkerResponse(error: refusal)
                } else {
                    response = answer(request)
                }
            } catch {
                response = WorkerResponse(error: SandboxError(kind: .worker, message: "bad request: \(error)"))
            }
            guard writeAll(out, WorkerFrame.encode(encode(response, resultBytes: resultBytes))) else { return 1 }
        }
        return 0
    }

    /// On the first request: opens its store (read-only) and reads it once, so that SQLite has
    /// every file it needs open; sets the address-space limit; then closes the door: no new
    /// privileges, an empty working directory, the seccomp filter. Later requests must name the
    /// same store and memory cap (the parent starts a new worker otherwise). Returns an error
    /// for a request the worker cannot serve.
    static func bind(to request: SandboxRequest) -> SandboxError? {
        let limits = request.effectiveLimits
        if let binding {
            guard binding.storePath == request.store, binding.memoryBytes == limits.memoryBytes else {
                return SandboxError(kind: .worker, message: "this sandbox worker serves store \(binding.storePath ?? "(none)") with \(binding.memoryBytes >> 20) MiB; start another for this request")
            }
            return nil
        }
        var b = Binding(storePath: request.store, store: nil, memoryBytes: limits.memoryBytes)
        if let path = request.store {
            b.store = Result {
                let store = try PortfolioStore(readOnlyPath: path)
                // Every connection opened and read once, while files can still be opened.
                try store.openConnectionsNow()
                // The relations of the kinds (PMOHost.kinds) from this store, not from one in
                // memory, which would start threads and open descriptors behind the filter.
                try Kinds.readRelations(from: store)
                return store
            }
            // A store that would not open leaves the kinds to an empty store in memory, made
            // now, while it can be (the script gets the store's error at its first read).
            _ = try? Kinds.currentRelations()
        }
        // The time zone, read once now (localtime keeps it), for os.date and pmo.today().
        var now = time(nil), parts = tm()
        _ = localtime_r(&now, &parts)
        tzset()
        binding = b
        let address = UInt64(addressSpaceBaseBytes) + UInt64(limits.memoryBytes) * 2
        _ = pmo_jail_set_limit(Int32(RLIMIT_AS.rawValue), address, address)
        let mode = getenv(seccompVariable).map { String(cString: $0) } ?? ""
        if mode != "off" {
            guard pmo_jail_no_privileges_empty_cwd() == 0 else {
                return SandboxError(kind: .worker, message: "cannot confine the sandbox worker: \(String(cString: strerror(errno)))")
            }
            let rc = pmo_jail_seccomp(mode == "kill" ? PMO_SECCOMP_KILL : mode == "trap" ? PMO_SECCOMP_TRAP : PMO_SECCOMP_ERRNO)
            guard rc == 0 else {
                return SandboxError(kind: .worker, message: "cannot install the sandbox worker's seccomp filter: \(String(cString: strerror(-rc)))")
            }
        }
        return nil
    }

    /// Runs one request in a fresh sandbox.
    static func answer(_ request: SandboxRequest) -> WorkerResponse {
        let limits = request.effectiveLimits
        if case .probe(let path, let directory) = request.job {
            guard getenv(probesVariable).map({ String(cString: $0) }) == "1" else {
                return WorkerResponse(error: SandboxError(kind: .refused, message: "probes are for tests (\(probesVariable)=1)"))
            }
            var results = [Int32](repeating: -1, count: 5)
            pmo_jail_probe(path, directory, &results)
            return WorkerResponse(outcome: SandboxOutcome(results: results.map { .integer(Int($0)) }, log: [], logTruncated: false))
        }
        // Should the parent die without killing us, SIGALRM's default action ends a run that
        // no hook can stop, a little after the parent would have: the worker's own hard
        // wall-clock limit. RLIMIT_CPU does the same for CPU time (SIGXCPU).
        let hard = min((limits.seconds + limits.killGraceSeconds).rounded(.up) + 2, 1e6)
        alarm(UInt32(hard))
        let cpu = pmo_jail_cpu_seconds() + UInt64(hard)
        _ = pmo_jail_set_limit(Int32(RLIMIT_CPU.rawValue), cpu, UInt64.max)
        defer { alarm(0) }
        // Read-only twice over: the connection cannot write, and pmo.transaction refuses
        // before it tries. The store was opened when the worker was bound to it.
        let today = request.today.flatMap { Day($0) }
        let bound = binding?.store
        let session = request.store.map { _ in
            let session = PMOSession(today: today, readOnly: true) {
                guard let bound else { throw SandboxError(kind: .worker, message: "the worker has no store open") }
                return try bound.get()
            }
            session.baseline = request.baseline
            session.settings = request.settings
            return session
        }
        let sandbox: Sandbox
        do { sandbox = try Sandbox(limits: limits, session: session) } catch {
            return WorkerResponse(error: error as? SandboxError ?? SandboxError(kind: .worker, message: "\(error)"))
        }
        do {
            let results: [LuaData]
            switch request.job {
            case .chunk(let source, let name):
                results = try sandbox.run(source: source, name: name, arguments: request.arguments)
            case .call(let library, let module, let function):
                results = try sandbox.call(library: library, module: module, function: function,
                                           arguments: request.arguments)
            case .libraryChunk(let library, let source, let name):
                results = try sandbox.run(source: source, name: name, arguments: request.arguments, library: library)
            case .probe:
                results = []
            }
            let outcome = SandboxOutcome(results: results, log: sandbox.printed, logTruncated: sandbox.printTruncated)
            return WorkerResponse(outcome: outcome)
        } catch var e as SandboxError {
            e.log = sandbox.printed
            return WorkerResponse(error: e)
        } catch {
            return WorkerResponse(error: SandboxError(kind: .worker, message: "\(error)", log: sandbox.printed))
        }
    }

    /// Encodes a response, replacing an outcome larger than `resultBytes` by an error.
    static func encode(_ response: WorkerResponse, resultBytes: Int) -> [UInt8] {
        var failure = SandboxError(kind: .result, message: "the results cannot be encoded as JSON")
        if let bytes = try? WorkerFrame.encoder.encode(response) {
            let max = response.outcome == nil ? WorkerFrame.maxBytes : resultBytes
            if bytes.count <= max { return Array(bytes) }
            failure.message = "the results are \(bytes.count) bytes as JSON, more than the \(max) allowed"
        }
        failure.log = response.outcome?.log ?? []
        return Array((try? WorkerFrame.encoder.encode(WorkerResponse(error: failure))) ?? Data())
    }

    static func readFrame(_ fd: Int32) -> [UInt8]? {
        guard let header = readExactly(fd, 4) else { return nil }
        let n = WorkerFrame.length(header)
        guard n <= WorkerFrame.maxBytes else { return nil }
        return readExactly(fd, n)
    }

    static func readExactly(_ fd: Int32, _ n: Int) -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: n)
        var got = 0
        while got < n {
            let r = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, n - got) }
            if r < 0, errno == EINTR { continue }
            if r <= 0 { return nil }
            got += r
        }
        return buf
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let r = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + sent, bytes.count - sent) }
            if r < 0, errno == EINTR { continue }
            if r <= 0 { return false }
            sent += r
        }
        return true
    }
}
