import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program on a pseudo-terminal, as if a person typed at it: its stdin, stdout and
/// stderr are the terminal, which is also its controlling terminal, so Ctrl-C (0x03) written
/// to it raises SIGINT in the program. Every wait has a deadline; the program is killed when
/// the session ends, so a hung REPL fails a test instead of hanging the suite.
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    /// Everything the program wrote that `expect` has not consumed yet.
    private(set) var pending = ""
    /// Everything the program wrote.
    private(set) var transcript = ""

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    // glibc declares the pty functions only for _XOPEN_SOURCE, which Swift's Glibc module does
    // not define, so they are looked up by name (they are plain libc functions).
    private static func libc<F>(_ name: String, as type: F.Type) -> F {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            fatalError("libc lacks \(name)")
        }
        return unsafeBitCast(symbol, to: type)
    }
    private typealias FdFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32

    /// Starts `executable` on a new terminal; `columns`, when given, is the window's width
    /// (a new pseudo-terminal has none: 0 columns, 0 rows).
    init(_ executable: String, arguments: [String] = [], environment: [String: String],
         columns: Int? = nil) throws {
        master = Self.libc("posix_openpt", as: FdFunction.self)(O_RDWR | O_NOCTTY)
        guard master >= 0, Self.libc("grantpt", as: FdFunction.self)(master) == 0,
              Self.libc("unlockpt", as: FdFunction.self)(master) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)")
        }
        if let columns { try Self.setWindowSize(master, columns: columns) }
        var name = [CChar](repeating: 0, count: 128)
        guard Self.libc("ptsname_r", as: NameFunction.self)(master, &name, name.count) == 0 else {
            throw Failure(description: "ptsname failed: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after the child's setsid (glibc applies the flags first), so the terminal
        // becomes its controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let setsid: Int32 = 0x80   // POSIX_SPAWN_SETSID, a GNU extension Swift does not import
        posix_spawnattr_setflags(&attributes, Int16(setsid))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(master)
            throw Failure(description: "cannot start \(executable): errno \(status)")
        }
        pid = child
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Sets the window's size, as a terminal emulator does when its window is resized; the
    /// kernel then sends SIGWINCH to the program (the terminal's foreground process group).
    func resize(columns: Int) throws {
        try Self.setWindowSize(master, columns: columns)
    }

    private static func setWindowSize(_ master: Int32, columns: Int, rows: Int = 40) throws {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else {
            throw Failure(description: "cannot set the window size: errno \(errno)")
        }
    }

    /// Types `text` (use "\r" for Enter, "\t" for Tab, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D).
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let n = write(master, bytes, bytes.count)
            if n <= 0 { return }
            bytes.removeFirst(n)
        }
    }

    /// Waits until the output contains `needle`; returns and consumes the output up to and
    /// including it. Throws, with what was seen, when `timeout` passes first.
    @discardableResult
    func expect(_ needle: String, timeout: TimeInterval = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let r = pending.range(of: needle) {
                let seen = String(pending[..<r.upperBound])
                pending = String(pending[r.upperBound...])
                return seen
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 || !readSome(timeout: left) && deadline.timeIntervalSinceNow <= 0 {
                throw Failure(description: "timed out waiting for \(needle.debugDescription); got \(pending.debugDescription)")
            }
        }
    }

    /// Waits until the program has put the terminal in non-canonical mode, as libedit does
    /// while it edits a line. libedit prints its prompt before switching modes; keys sent in
    /// between would be echoed twice, and a Ctrl-D then would be lost in the switch.
    func waitForLineEditing(timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var attributes = termios()
        while deadline.timeIntervalSinceNow > 0 {
            if tcgetattr(master, &attributes) == 0, attributes.c_lflag & tcflag_t(ICANON) == 0 { return }
            _ = readSome(timeout: 0.005)
        }
        throw Failure(description: "the terminal never left canonical mode; got \(pending.debugDescription)")
    }

    /// Reads what arrives within `timeout`, then returns all unconsumed output (consuming it).
    func drain(timeout: TimeInterval) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 { _ = readSome(timeout: deadline.timeIntervalSinceNow) }
        defer { pending = "" }
        return pending
    }

    /// Waits for the program to exit; its exit status, or nil on timeout.
    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            _ = readSome(timeout: 0.05)   // keep the terminal drained so the program never blocks
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
        }
        return nil
    }

    /// Reads once, waiting at most `timeout`. Returns whether anything arrived.
    private func readSome(timeout: TimeInterval) -> Bool {
        var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ms = Int32(max(1, min(timeout, 1) * 1000))
        guard poll(&fds, 1, ms) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        let text = String(decoding: buffer[..<n], as: UTF8.self)
        pending += text
        transcript += text
        return true
    }
}

/// Where the package's built `pmo` is: in the build folder of this test bundle (`.build/debug`,
/// or wherever `--build-path` and `-c` put it). REPLTests depends on the `pmo` target, so
/// `swift build --build-tests` and `swift test` build it.
enum PMOBinary {
    static let path: String = {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("pmo").path
    }()

    /// A failure, not a skip, when it is missing: a test that cannot run it must not pass.
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String {
            "\(PMOBinary.path) is missing, though the test target depends on `pmo`; run `swift build --build-tests`"
        }
    }

    static func require() throws {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw NotBuilt() }
    }
}
