import Foundation

/// One worker process and the two pipes to it, with reads and writes bounded by a deadline.
final class WorkerProcess {
    /// Why an exchange with the worker ended early.
    enum Failure: Error {
        /// The deadline passed.
        case deadline
        /// The worker closed its end (it exited or died).
        case closed
        /// The worker sent a frame that breaks the protocol.
        case garbled
    }

    let pid: pid_t
    private var toWorker: Int32
    private var fromWorker: Int32
    private var reaped = false
    private var exitDescription = "still running"
    /// The signal that ended the worker, once reaped (nil: it exited or still runs).
    private(set) var endingSignal: Int32?
    /// Whether the parent sent the SIGKILL that ended it.
    private(set) var killedByParent = false
    /// What the worker was bound to by its first request: its store and memory cap.
    var binding: (store: String?, memoryBytes: Int)?

    /// Starts `executable __worker` with its stdin and stdout on fresh pipes; stderr is shared.
    init(executable: String) throws {
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw SandboxError(kind: .worker, message: "pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&output) == 0 else {
            close(input[0]); close(input[1])
            throw SandboxError(kind: .worker, message: "pipe: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec: no other child (another worker) inherits these ends; the dup2 to 0 and
        // 1 in the worker clears the flag on the copies it needs.
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), strdup("__worker"), nil]
        defer { for a in argv { free(a) } }
        // A crash in the worker is an expected outcome: skip Swift's backtracer, which would
        // delay the death and flood stderr.
        // The worker checks it is still our child after asking to die with us.
        var env: [UnsafeMutablePointer<CChar>?] = [strdup("SWIFT_BACKTRACE=enable=no"),
                                                   strdup("\(WorkerServer.parentVariable)=\(getpid())")]
        var e = environ
        while let entry = e.pointee {
            if strncmp(entry, "SWIFT_BACKTRACE=", 16) != 0, strncmp(entry, "PMO_WORKER_PARENT=", 18) != 0 {
                env.append(strdup(entry))
            }
            e += 1
        }
        env.append(nil)
        defer { for v in env { free(v) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, argv, env)
        close(input[0])
        close(output[1])
        guard rc == 0 else {
            close(input[1]); close(output[0])
            throw SandboxError(kind: .worker, message: "cannot start the sandbox worker \(executable): \(String(cString: strerror(rc)))")
        }
        pid = child
        toWorker = input[1]
        fromWorker = output[0]
        // A worker that dies mid-write must not kill the parent with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { stop(kill: true) }

    /// Whether the worker is still running (reaping it if it has exited).
    var isAlive: Bool {
        if reaped { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            record(status)
            return false
        }
        return true
    }

    /// Writes all of `bytes`, or throws when the deadline passes or the worker is gone.
    func write(_ bytes: [UInt8], until deadline: Double) throws {
        var sent = 0
        while sent < bytes.count {
            try wait(for: toWorker, events: Int16(POLLOUT), until: deadline)
            let n = bytes.withUnsafeBytes { Glibc.write(toWorker, $0.baseAddress! + sent, bytes.count - sent) }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            if n <= 0 { throw Failure.closed }
            sent += n
        }
    }

    /// Reads one frame, or throws when the deadline passes or the worker is gone.
    func readFrame(until deadline: Double) throws -> [UInt8] {
        let header = try read(4, until: deadline)
        let n = WorkerFrame.length(header)
        guard n <= WorkerFrame.maxBytes else { throw Failure.garbled }
        return try read(n, until: deadline)
    }

    private func read(_ count: Int, until deadline: Double) throws -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            try wait(for: fromWorker, events: Int16(POLLIN), until: deadline)
            let n = buf.withUnsafeMutableBytes { Glibc.read(fromWorker, $0.baseAddress! + got, count - got) }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            if n <= 0 { throw Failure.closed }
            got += n
        }
        return buf
    }

    private func wait(for fd: Int32, events: Int16, until deadline: Double) throws {
        while true {
            let left = deadline - monotonicNow()
            if left <= 0 { throw Failure.deadline }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let r = poll(&p, 1, Int32(min((left * 1000).rounded(.up), 60_000)))
            if r < 0, errno == EINTR { continue }
            if r < 0 { throw Failure.closed }
            // POLLHUP/POLLERR: let the read or write find out.
            if r > 0 { return }
        }
    }

    /// Ends the worker: SIGKILL when `kill`, else close its input and let it exit. Waits for it
    /// and returns how it ended ("killed by signal 9", "exited with status 0").
    @discardableResult
    func stop(kill: Bool) -> String {
        if toWorker >= 0 { close(toWorker); toWorker = -1 }
        if kill, isAlive { Glibc.kill(pid, SIGKILL); killedByParent = true }
        if !reaped {
            var status: Int32 = 0
            var r: pid_t
            repeat { r = waitpid(pid, &status, 0) } while r < 0 && errno == EINTR
            if r == pid { record(status) } else { reaped = true }
        }
        if fromWorker >= 0 { close(fromWorker); fromWorker = -1 }
        return exitDescription
    }

    /// "SIGSEGV" for 11, and so on for the signals a worker can end with.
    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL",
                                      SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
                                      SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM",
                                      SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS"]
        return names[signal] ?? "signal \(signal)"
    }

    private func record(_ status: Int32) {
        reaped = true
        let signal = status & 0x7F
        if signal == 0 {
            exitDescription = "exited with status \((status >> 8) & 0xFF)"
        } else {
            endingSignal = signal
            let name = strsignal(signal).map { String(cString: $0) } ?? "?"
            exitDescription = "killed by signal \(signal), \(WorkerProcess.signalName(signal)) (\(name))"
        }
    }
}
