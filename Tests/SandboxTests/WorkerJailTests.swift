import Foundation
import LuaKit
import PMOScripting
import XCTest

/// Issue 21, the second wall: what the worker's OS confinement (seccomp filter, resource
/// limits, death with its parent) stops even when everything inside it has failed. The probe
/// is native code in the worker (`SandboxRequest.Job.probe`, honoured only with
/// `PMO_WORKER_PROBES=1`): it stands for code that took over the worker, e.g. through an SQL
/// function with the authorizer switched off.
final class WorkerJailTests: XCTestCase {
    /// Runs `body` with environment variables set (the worker inherits them), restoring them after.
    func withEnvironment<T>(_ values: [String: String], _ body: () throws -> T) rethrows -> T {
        let saved = values.keys.map { ($0, getenv($0).map { String(cString: $0) }) }
        for (k, v) in values { setenv(k, v, 1) }
        defer { for (k, v) in saved { if let v { setenv(k, v, 1) } else { unsetenv(k) } } }
        return try body()
    }

    /// The probe's four errnos: open a file for reading, create a file, an AF_INET socket, an
    /// AF_UNIX socket (0: it worked).
    func probe(_ environment: [String: String]) throws -> [LuaData] {
        Array(try probeAll(environment).prefix(4))
    }

    /// The four errnos, then the number of descriptors open above 2 in the worker.
    func probeAll(_ environment: [String: String]) throws -> [LuaData] {
        let folder = NSTemporaryDirectory() + "pmo-jail-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let readable = folder + "/secret.txt"
        try Data("secret".utf8).write(to: URL(fileURLWithPath: readable))
        return try withEnvironment(environment.merging([WorkerServer.probesVariable: "1"]) { $1 }) {
            let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
            return try worker.run(SandboxRequest(.probe(path: readable, directory: folder))).results
        }
    }

    func testBehindTheFilterNativeCodeCannotOpenAFileOrASocket() throws {
        let eperm = LuaData.integer(Int(EPERM))
        XCTAssertEqual(try probe([:]), [eperm, eperm, eperm, eperm])
    }

    /// The control for the test above: the same probe, with the filter off, opens everything,
    /// so that test fails without the filter.
    func testWithoutTheFilterTheSameProbeOpensFilesAndSockets() throws {
        XCTAssertEqual(try probe([WorkerServer.seccompVariable: "off"]), [0, 0, 0, 0])
    }

    func testASeccompViolationIsReportedAsSuchWhenDeniedCallsKill() throws {
        XCTAssertThrowsError(try probe([WorkerServer.seccompVariable: "kill"])) { error in
            let e = error as? SandboxError
            XCTAssertEqual(e?.kind, .crashed)
            XCTAssertTrue(e?.message.contains("SIGSYS") == true, "\(String(describing: e))")
            XCTAssertTrue(e?.message.contains("seccomp violation") == true, "\(String(describing: e))")
            XCTAssertFalse(e?.message.contains("probably hit a bug") == true)
        }
    }

    func testTheWorkerClosesTheDescriptorsItInherits() throws {
        // A descriptor of ours without close-on-exec, which posix_spawn would hand down.
        let leaked = open("/dev/null", O_RDONLY)
        XCTAssertGreaterThan(leaked, 2)
        defer { close(leaked) }
        // Only the worker's own copy of its response pipe is open above 2.
        XCTAssertEqual(try probeAll([:]).last, .integer(1))
    }

    func testProbesAreRefusedUnlessTheWorkerWasStartedForTests() {
        let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
        XCTAssertThrowsError(try worker.run(SandboxRequest(.probe(path: "/etc/hostname", directory: "/tmp")))) { error in
            XCTAssertEqual((error as? SandboxError)?.kind, .refused)
        }
    }

    func testTheConfinedWorkerStillReadsItsStoreAndItsLibrary() throws {
        let store = try StoreFixture(self)
        let folder = NSTemporaryDirectory() + "pmo-jail-lib-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/acme", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("return { n = function() return #pmo.projects() end }".utf8)
            .write(to: URL(fileURLWithPath: folder + "/acme/kpis.lua"))
        let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
        let lib = SandboxLibrary(root: "acme", directory: folder + "/acme")
        for _ in 0..<2 {
            let out = try worker.run(SandboxRequest(.call(library: lib, module: "acme.kpis", function: "n"), store: store.path))
            XCTAssertEqual(out.results, [.integer(store.projectIDs.count)])
        }
        store.assertUnchanged("two confined runs")
    }

    func testASortLargerThanSQLitesCacheWorksBehindTheFilter() throws {
        let store = try StoreFixture(self)
        // 200,000 rows of 600 bytes: past the 64 MiB cache, where SQLite would spill to a
        // temporary file it cannot open behind the filter ("disk I/O error").
        let code = """
            return pmo.sql([[select count(*) as n from (select r from (select randomblob(600) r from
              (with recursive c(x) as (select 1 union all select x + 1 from c limit 200000) select x from c)) order by r)]])[1].n
            """
        let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
        let out = try worker.run(SandboxRequest(.chunk(source: code, name: "=sort"), limits: SandboxLimits(seconds: 30), store: store.path))
        XCTAssertEqual(out.results, [200_000])
    }

    func testAHostAllocationPastTheAddressSpaceLimitFailsInsteadOfTakingMemory() throws {
        let store = try StoreFixture(self)
        // SQLite makes the blob, outside Lua's memory cap: only RLIMIT_AS (1 GiB + twice the
        // cap) stops it. Without the limit this returns 900000000.
        let code = "return #pmo.sql('select randomblob(900000000) as b')[1].b"
        var limits = SandboxHarness.tight
        limits.seconds = 5
        let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
        XCTAssertThrowsError(try worker.run(SandboxRequest(.chunk(source: code, name: "=blob"), limits: limits, store: store.path)))
        XCTAssertEqual(try worker.run(SandboxRequest(.chunk(source: "return 1", name: "=after"))).results, [1])
    }

    func testTheWorkerDiesWithItsParent() throws {
        let folder = NSTemporaryDirectory() + "pmo-jail-parent-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("while true do end".utf8).write(to: URL(fileURLWithPath: folder + "/spin.lua"))
        let parent = Process()
        parent.executableURL = URL(fileURLWithPath: SandboxHarness.pmoExecutable)
        parent.arguments = ["run", "--sandbox", "--timeout", "120", "--instructions", "100000000000000", "spin.lua"]
        parent.currentDirectoryURL = URL(fileURLWithPath: folder)
        parent.standardError = FileHandle.nullDevice
        try parent.run()
        defer { if parent.isRunning { kill(parent.processIdentifier, SIGKILL) } }
        // Wait for the worker to be spinning.
        var worker: pid_t?
        let started = Date()
        while worker == nil, Date().timeIntervalSince(started) < 20 {
            worker = Self.children(of: parent.processIdentifier).first { Self.state(of: $0) == "R" }
            if worker == nil { usleep(20_000) }
        }
        let pid = try XCTUnwrap(worker, "the worker did not start spinning")
        kill(parent.processIdentifier, SIGKILL)
        parent.waitUntilExit()
        let killed = Date()
        while Self.isRunning(pid), Date().timeIntervalSince(killed) < 1 { usleep(5_000) }
        XCTAssertFalse(Self.isRunning(pid), "the worker still runs a second after its parent was killed")
        if Self.isRunning(pid) { kill(pid, SIGKILL) }
    }

    func testAWorkerWhoseParentStopsAnsweringEndsItselfAtItsHardLimit() throws {
        let folder = NSTemporaryDirectory() + "pmo-jail-stopped-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A loop no hook reaches: only the parent's kill, or the worker's own limits, end it.
        try Data("xpcall(error, function() while true do end end)".utf8).write(to: URL(fileURLWithPath: folder + "/hang.lua"))
        let parent = Process()
        parent.executableURL = URL(fileURLWithPath: SandboxHarness.pmoExecutable)
        parent.arguments = ["run", "--sandbox", "--timeout", "0.5", "hang.lua"]
        parent.currentDirectoryURL = URL(fileURLWithPath: folder)
        parent.standardError = FileHandle.nullDevice
        try parent.run()
        defer { kill(parent.processIdentifier, SIGKILL); kill(parent.processIdentifier, SIGCONT); parent.waitUntilExit() }
        var worker: pid_t?
        let started = Date()
        while worker == nil, Date().timeIntervalSince(started) < 20 {
            worker = Self.children(of: parent.processIdentifier).first { Self.state(of: $0) == "R" }
            if worker == nil { usleep(5_000) }
        }
        let pid = try XCTUnwrap(worker, "the worker did not start")
        // Spinning in the handler, not starting up: it has used 0.3 s of CPU (a start uses far less).
        while Self.cpuSeconds(of: pid) < 0.3, Self.isRunning(pid), Date().timeIntervalSince(started) < 20 { usleep(5_000) }
        // The parent can no longer kill it.
        kill(parent.processIdentifier, SIGSTOP)
        let stopped = Date()
        // Its hard limit: ceil(0.5 + 0.1) + 2 = 3 s of wall clock (alarm) or CPU (RLIMIT_CPU).
        while Self.isRunning(pid), Date().timeIntervalSince(stopped) < 6 { usleep(20_000) }
        XCTAssertFalse(Self.isRunning(pid), "the worker still runs 6 s after its parent stopped")
        if Self.isRunning(pid) { kill(pid, SIGKILL) }
    }

    /// The children of `pid`, from /proc/PID/stat's ppid field.
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == pid
        }
    }

    /// The one-letter state of `pid` ("R", "S", "Z"), nil when it is gone.
    static func state(of pid: pid_t) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    /// CPU seconds `pid` has used (utime + stime).
    static func cpuSeconds(of pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Alive and not a zombie (a dead child of PID 1 may stay a zombie in a container).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let s = state(of: pid) else { return false }
        return s != "Z" && s != "X"
    }
}
