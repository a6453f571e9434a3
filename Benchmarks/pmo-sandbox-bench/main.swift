// Measures the sandbox: how long past a limit the code stops (in process, and by killing the
// worker; Lua code and SQL that never ends), what a worker costs, and the sandbox's overhead on
// a KPI workload. Prints the
// figures that BENCHMARKS.md quotes.
//
//     swift build -c release --product pmo --product pmo-sandbox-bench
//     .build/release/pmo-sandbox-bench [path/to/pmo]
import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func summary(_ xs: [Double]) -> String {
    let s = xs.sorted()
    let ms = { (x: Double) in String(format: "%.1f ms", x * 1000) }
    return "median \(ms(s[s.count / 2])), max \(ms(s.last!)) (n=\(s.count))"
}

let executable = CommandLine.arguments.count > 1 ? CommandLine.arguments[1]
    : URL(fileURLWithPath: SandboxWorker.currentExecutable).deletingLastPathComponent().appendingPathComponent("pmo").path
let deadline = 0.1
let rounds = 20

// MARK: in process: time from the deadline to the error

func inProcessOvershoot(_ code: String) throws -> [Double] {
    var out: [Double] = []
    for _ in 0..<rounds {
        let sandbox = try Sandbox(limits: SandboxLimits(instructions: Int.max / 2, seconds: deadline))
        let t0 = now()
        do {
            _ = try sandbox.run(source: code, name: "=bench")
            fatalError("\(code) did not stop")
        } catch let e as SandboxError where e.kind == .timeout {}
        out.append(now() - t0 - deadline)
    }
    return out
}

print("in process, past a \(Int(deadline * 1000)) ms deadline:")
for (label, code) in [
    ("while true do end", "while true do end"),
    ("loop of pcalls", "while true do pcall(function() while true do end end) end"),
    ("loop in a coroutine", "coroutine.wrap(function() while true do end end)()"),
] {
    print("  \(label): \(summary(try inProcessOvershoot(code)))")
}

// MARK: worker: time from the deadline to the error

let worker = SandboxWorker(executable: executable)
@MainActor func warm(store: String? = nil) throws {
    // A worker serves the store of its first request only (docs/sandbox.md, the second wall):
    // warm it on the same store, so the measured run does not include a respawn.
    _ = try worker.run(SandboxRequest(.chunk(source: "return 1", name: "=warm"), store: store))
}

@MainActor func workerOvershoot(_ code: String, expect kind: SandboxError.Kind, grace: Double,
                                store: String? = nil) throws -> [Double] {
    var out: [Double] = []
    for _ in 0..<rounds {
        try warm(store: store)
        let limits = SandboxLimits(instructions: Int.max / 2, seconds: deadline, killGraceSeconds: grace)
        let t0 = now()
        do {
            _ = try worker.run(SandboxRequest(.chunk(source: code, name: "=bench"), limits: limits, store: store))
            fatalError("\(code) did not stop")
        } catch let e as SandboxError where e.kind == kind {}
        out.append(now() - t0 - deadline)
    }
    return out
}

print("worker, past a \(Int(deadline * 1000)) ms deadline (kill grace 100 ms):")
print("  while true do end (hook, worker answers): \(summary(try workerOvershoot("while true do end", expect: .timeout, grace: 0.1)))")
print("  xpcall handler loop (SIGKILL): \(summary(try workerOvershoot("xpcall(error, function() while true do end end)", expect: .killed, grace: 0.1)))")
print("  backtracking pattern (SIGKILL): \(summary(try workerOvershoot(#"string.find(("a"):rep(30), ("a*"):rep(20) .. "b")"#, expect: .killed, grace: 0.1)))")

// MARK: SQL that never ends (issue 9, case 12): stopped by SQLite's progress handler

let storeFolder = NSTemporaryDirectory() + "pmo-sandbox-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: storeFolder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: storeFolder) }
let storePath = storeFolder + "/pmo.sqlite"
try PortfolioStore(path: storePath).write { tx in try tx.insert(DemoPortfolio(projects: 40, seed: 1).generate()) }
let endlessSQL = "return pmo.sql('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')"

var sqlInProcess: [Double] = []
for _ in 0..<rounds {
    let session = PMOSession(readOnly: true) { try PortfolioStore(readOnlyPath: storePath) }
    let sandbox = try Sandbox(limits: SandboxLimits(instructions: Int.max / 2, seconds: deadline), session: session)
    let t0 = now()
    do {
        _ = try sandbox.run(source: endlessSQL, name: "=bench")
        fatalError("the endless query did not stop")
    } catch let e as SandboxError where e.kind == .timeout {}
    sqlInProcess.append(now() - t0 - deadline)
}
print("endless SQL, past a \(Int(deadline * 1000)) ms deadline:")
print("  in process (store opened on first use, inside the deadline): \(summary(sqlInProcess))")
print("  worker (interrupted in the worker, which answers): \(summary(try workerOvershoot(endlessSQL, expect: .timeout, grace: 0.1, store: storePath)))")

// The progress handler's cost: one long finite query, read straight from the store (no
// handler) and through a trusted script's pmo.sql (handler every 1,000 SQLite instructions).
let countSQL = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c"
let benchStore = try PortfolioStore(readOnlyPath: storePath)
var direct: [Double] = [], throughPmo: [Double] = []
let trusted = try LuaState()
try PMOSession(store: benchStore).install(in: trusted)
let viaPmo = try trusted.load("return pmo.sql(...)", name: "=sql")
for _ in 0..<5 {
    var t0 = now()
    _ = try benchStore.scriptRead { db in try Int.fetchOne(db, sql: countSQL) }
    direct.append(now() - t0)
    t0 = now()
    _ = try viaPmo.call(countSQL)
    throughPmo.append(now() - t0)
}
print("a 3,000,000-row recursive count: scriptRead (no handler) \(summary(direct)); pmo.sql (progress handler) \(summary(throughPmo))")

// MARK: worker cost

// With and without the seccomp filter (PMO_SANDBOX_SECCOMP=off), rounds interleaved so both
// see the same machine load.
var cold: [Double] = [], coldOff: [Double] = []
for _ in 0..<rounds {
    for off in [false, true] {
        if off { setenv("PMO_SANDBOX_SECCOMP", "off", 1) } else { unsetenv("PMO_SANDBOX_SECCOMP") }
        let w = SandboxWorker(executable: executable)
        let t0 = now()
        _ = try w.run(SandboxRequest(.chunk(source: "return 1", name: "=cold")))
        if off { coldOff.append(now() - t0) } else { cold.append(now() - t0) }
    }
}
unsetenv("PMO_SANDBOX_SECCOMP")
print("worker start + first run of `return 1`: \(summary(cold))")
print("  the same without the seccomp filter (PMO_SANDBOX_SECCOMP=off): \(summary(coldOff))")
var warmTimes: [Double] = []
try warm()
for _ in 0..<rounds {
    let t0 = now()
    try warm()
    warmTimes.append(now() - t0)
}
print("warm worker round trip of `return 1` (fresh sandbox state each): \(summary(warmTimes))")

// MARK: KPI workload overhead

let projects = 200_000
let kpi = """
    local evm = require("pmo.evm")
    local n = ...
    local out, p = {}, {}
    local sum, red = 0, 0
    for i = 1, n do
      p.bac = 1000 + i % 500
      p.pv = p.bac * 0.5
      p.ev = p.pv * (0.8 + (i % 40) / 100)
      p.ac = p.ev * (0.9 + (i % 30) / 100)
      evm.measures(p, out)
      sum = sum + out.cpi
      if out.spi < 0.9 then red = red + 1 end
    end
    return sum / n, red
    """

func best(_ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<5 {
        let t0 = now()
        try body()
        times.append(now() - t0)
    }
    return times.sorted()[times.count / 2]
}

let plain = try best {
    let lua = try LuaState()
    try Stdlib.install(in: lua)
    _ = try lua.load(kpi, name: "=kpi").call(projects)
}
let hooked = try best {
    let lua = try LuaState()
    try Stdlib.install(in: lua)
    lua.setLimits(instructions: Int.max / 2, seconds: 60)
    _ = try lua.load(kpi, name: "=kpi").call(projects)
}
let inProcess = try best {
    let sandbox = try Sandbox(limits: SandboxLimits(instructions: Int.max / 2, seconds: 60))
    _ = try sandbox.run(source: kpi, name: "=kpi", arguments: [.integer(projects)])
}
try warm()
let inWorker = try best {
    _ = try worker.run(SandboxRequest(.chunk(source: kpi, name: "=kpi"), arguments: [.integer(projects)],
                                      limits: SandboxLimits(instructions: Int.max / 2, seconds: 60)))
}
let pct = { (x: Double) in String(format: "%+.0f%%", (x / plain - 1) * 100) }
print("KPI workload (evm.measures over \(projects) projects), median of 5:")
print(String(format: "  full library, no hook: %.1f ms", plain * 1000))
print(String(format: "  full library, count hook as the sandbox's: %.1f ms (%@)", hooked * 1000, pct(hooked)))
print(String(format: "  sandbox in process:    %.1f ms (%@)", inProcess * 1000, pct(inProcess)))
print(String(format: "  sandbox in a worker:   %.1f ms (%@)", inWorker * 1000, pct(inWorker)))
