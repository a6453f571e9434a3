import Foundation

/// Runs sandboxed code in a worker process (the same `pmo` binary, `pmo __worker`) and enforces
/// a hard deadline on it: a worker that has not answered `limits.seconds + limits.killGraceSeconds`
/// after the request was sent is killed with SIGKILL. Whatever happens in the worker (an error,
/// a limit, a hang with hooks off, a crash of the Lua library) the caller gets results or a
/// `SandboxError`, and can carry on.
///
/// A worker that answered is kept for the next run (each run still gets a fresh Lua state); a
/// killed or crashed one is replaced on the next run. Not `Sendable`: one run at a time.
///
/// ```swift
/// let worker = SandboxWorker()
/// let lib = SandboxLibrary(root: "acme.delivery", directory: "/opt/pmo/libs/acme-delivery")
/// let out = try worker.run(SandboxRequest(.call(library: lib, module: "acme.delivery.kpis", function: "spi"),
///                                         arguments: [0.9]))
/// print(out.results, out.log)
/// ```
public final class SandboxWorker {
    /// The executable started as the worker, with `__worker` as its only argument.
    public let executable: String
    private var process: WorkerProcess?

    /// A worker running `executable` (by default the running `pmo` binary itself).
    public init(executable: String = SandboxWorker.currentExecutable) {
        self.executable = executable
    }

    deinit { process?.stop(kill: false) }

    /// The path of the running binary (`/proc/self/exe` on Linux).
    public static var currentExecutable: String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 { return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments.first ?? "pmo"
    }

    /// How long a fresh worker may take to start before it counts as broken.
    public var startupSeconds: Double = 10

    /// The process id of the current worker, if one is running (for tests and diagnostics).
    public var workerPID: pid_t? { process?.pid }

    /// Runs `request` in the worker and returns its outcome, or throws a `SandboxError`.
    public func run(_ request: SandboxRequest) throws -> SandboxOutcome {
        do {
            var outcome = try exchange(request)
            outcome.log = outcome.log.map(TerminalText.escaped)
            return outcome
        } catch var e as SandboxError {
            // What untrusted code says reaches a terminal only with its control characters
            // shown, never obeyed (no OSC 52 clipboard writes, no screen clears).
            e.message = TerminalText.escaped(e.message)
            e.chunk = e.chunk.map(TerminalText.escaped)
            e.traceback = e.traceback.map(TerminalText.escaped)
            e.log = e.log.map(TerminalText.escaped)
            throw e
        }
    }

    private func exchange(_ request: SandboxRequest) throws -> SandboxOutcome {
        var request = request
        let limits = request.effectiveLimits
        if case .chunk(let source, _) = request.job, source.utf8.count > limits.sourceBytes {
            throw SandboxError(kind: .refused, message: "the chunk is \(source.utf8.count) bytes, more than the \(limits.sourceBytes) allowed")
        }
        // The worker cannot open files once confined: it gets the library's modules read here,
        // and the store by an absolute path it opens before the filter goes on.
        switch request.job {
        case .call(let library, let module, let function) where library.sources == nil:
            request.job = .call(library: library.loadingSources(maxBytes: limits.sourceBytes), module: module, function: function)
        case .libraryChunk(let library, let source, let name) where library.sources == nil:
            request.job = .libraryChunk(library: library.loadingSources(maxBytes: limits.sourceBytes), source: source, name: name)
        default: break
        }
        if let store = request.store, !store.hasPrefix("/") {
            request.store = FileManager.default.currentDirectoryPath + "/" + store
        }
        let payload: Data
        do { payload = try WorkerFrame.encoder.encode(request) } catch {
            throw SandboxError(kind: .worker, message: "cannot encode the request: \(error)")
        }
        // A worker is bound to the store and memory cap of its first request (it opened the
        // one and set its address-space limit from the other before confining itself).
        if let process, let bound = process.binding,
           bound.store != request.store || bound.memoryBytes != limits.memoryBytes {
            process.stop(kill: true)
            self.process = nil
        }
        let worker = try readyProcess()
        if worker.binding == nil { worker.binding = (request.store, limits.memoryBytes) }
        let deadline = monotonicNow() + limits.seconds + limits.killGraceSeconds
        let answer: [UInt8]
        do {
            try worker.write(WorkerFrame.encode(Array(payload)), until: deadline)
            answer = try worker.readFrame(until: deadline)
        } catch let failure as WorkerProcess.Failure {
            process = nil
            throw report(failure, of: worker, limits: limits)
        }
        guard let response = try? WorkerFrame.decoder.decode(WorkerResponse.self, from: Data(answer)) else {
            process = nil
            worker.stop(kill: true)
            throw SandboxError(kind: .worker, message: "the sandbox worker sent an unreadable answer")
        }
        if let error = response.error { throw error }
        guard let outcome = response.outcome else {
            throw SandboxError(kind: .worker, message: "the sandbox worker sent neither results nor an error")
        }
        return outcome
    }

    /// The running worker, or a new one that has signalled it is ready.
    private func readyProcess() throws -> WorkerProcess {
        if let process, process.isAlive { return process }
        process = nil
        let p = try WorkerProcess(executable: executable)
        do {
            let ready = try p.readFrame(until: monotonicNow() + startupSeconds)
            guard ready.isEmpty else { throw WorkerProcess.Failure.garbled }
        } catch let failure as WorkerProcess.Failure {
            throw report(failure, of: p, limits: SandboxLimits(seconds: startupSeconds, killGraceSeconds: 0),
                         starting: true)
        }
        process = p
        return p
    }

    /// Turns a failed exchange into the caller's error; the worker is gone afterwards.
    private func report(_ failure: WorkerProcess.Failure, of worker: WorkerProcess, limits: SandboxLimits,
                        starting: Bool = false) -> SandboxError {
        switch failure {
        case .deadline:
            worker.stop(kill: true)
            let what = starting ? "did not start within \(limits.seconds) s" :
                "did not answer within \(format(limits.seconds + limits.killGraceSeconds)) s (time limit \(format(limits.seconds)) s)"
            return SandboxError(kind: starting ? .worker : .killed,
                                message: "the sandbox worker \(what) and was killed; the code may loop where no limit can reach it (an xpcall message handler, a pattern match, a finalizer)")
        case .closed, .garbled:
            let status = worker.stop(kill: true)
            if starting {
                return SandboxError(kind: .worker, message: "cannot start the sandbox worker \(executable) __worker (\(status))")
            }
            return SandboxError(kind: .crashed, message: "the sandbox worker died (\(status)): \(cause(of: worker, limits: limits))")
        }
    }

    /// Why a worker died, as far as its end tells.
    private func cause(of worker: WorkerProcess, limits: SandboxLimits) -> String {
        let hard = String(format: "%.0f", min((limits.seconds + limits.killGraceSeconds).rounded(.up) + 2, 1e6))
        guard let signal = worker.endingSignal else {
            return "it exited by itself, which a request should never make it do"
        }
        // The parent's SIGKILL only explains an end by SIGKILL: a worker that died of its own
        // signal before the parent's kill reached it (a closed pipe is noticed first) died of that.
        if worker.killedByParent && signal == SIGKILL {
            return "it stopped answering and was killed"
        }
        switch signal {
        case SIGSYS:
            return "a seccomp violation: the code made a system call the worker's filter forbids (an attempt to leave the sandbox)"
        case SIGXCPU:
            return "it used up its CPU time limit (RLIMIT_CPU, \(hard) s) and the kernel stopped it"
        case SIGALRM:
            return "its own hard wall-clock limit (\(hard) s) went off"
        case SIGKILL:
            return "something outside pmo killed it (the kernel's out-of-memory killer, or a user)"
        case SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE:
            let space = (WorkerServer.addressSpaceBaseBytes + limits.memoryBytes * 2) >> 20
            return "a crash: the host ran out of memory under the worker's address-space limit (RLIMIT_AS, \(space) MiB), or the code hit a bug in the Lua library or the host"
        default:
            return "it was ended by \(WorkerProcess.signalName(signal))"
        }
    }

    private func format(_ s: Double) -> String { String(format: "%.3g", s) }
}

/// Seconds on the monotonic clock.
func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
