import Foundation
import PMOModel
import PMOStore

/// The worker side of `SandboxWorker`: `pmo __worker` calls `serve()`, which answers requests
/// from standard input on the original standard output until standard input closes.
///
/// Each request runs in a fresh `Sandbox`, so nothing from one run reaches the next. The worker
/// never writes to the store: it opens a request's store read-only, and results go back to
/// the parent, which alone writes.
public enum WorkerServer {
    /// Serves requests until end of input, then returns the exit status (0).
    public static func serve() -> Int32 {
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
                response = answer(request)
            } catch {
                response = WorkerResponse(error: SandboxError(kind: .worker, message: "bad request: \(error)"))
            }
            guard writeAll(out, WorkerFrame.encode(encode(response, resultBytes: resultBytes))) else { return 1 }
        }
        return 0
    }

    /// Runs one request in a fresh sandbox.
    static func answer(_ request: SandboxRequest) -> WorkerResponse {
        let limits = request.effectiveLimits
        // Should the parent die without killing us, SIGALRM's default action ends a run that
        // no hook can stop, a little after the parent would have.
        alarm(UInt32(min((limits.seconds + limits.killGraceSeconds).rounded(.up) + 2, 1e6)))
        defer { alarm(0) }
        // Read-only twice over: the connection cannot write, and pmo.transaction refuses
        // before it tries. The store opens on first use, so code that never reads it pays nothing.
        let today = request.today.flatMap { Day($0) }
        let session = request.store.map { path in
            PMOSession(today: today, readOnly: true) { try PortfolioStore(readOnlyPath: path) }
        }
        let sandbox: Sandbox
        do { sandbox = try Sandbox(limits: limits, session: session) } catch {
            return WorkerResponse(error: error as? SandboxError ?? SandboxError(kind: .worker, message: "\(error)"))
        }
        do {
            let results: [SandboxValue]
            switch request.job {
            case .chunk(let source, let name):
                results = try sandbox.run(source: source, name: name, arguments: request.arguments)
            case .call(let library, let module, let function):
                results = try sandbox.call(library: library, module: module, function: function,
                                           arguments: request.arguments)
            case .libraryChunk(let library, let source, let name):
                results = try sandbox.run(source: source, name: name, arguments: request.arguments, library: library)
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
