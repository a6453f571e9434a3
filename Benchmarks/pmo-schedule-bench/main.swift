// Measures `pmo.schedule.portfolio()` over the demo portfolio, split into its three steps:
// the store read (`ScheduleQuery`: every project's network and the calendars), the engine
// (`CriticalPath.schedule` over every project), and the whole host call from Lua (read,
// engine and the push of the answers, `SchedulePusher`); the push is the whole less the two
// others' medians. The baseline, alternating with the whole run by run, is the portfolio
// load (`pmo.projects()`, the rows and EVM inputs of every project) in the same Lua state.
// Prints the figures that BENCHMARKS.md quotes.
//
//     swift build -c release --product pmo-schedule-bench
//     .build/release/pmo-schedule-bench --projects 10000 --runs 7 --dir /tmp/pmo-schedule-bench
//
// The store is generated once per size into --dir (`demo-N.sqlite`) and reused.
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

func cpu() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

/// Median and spread of `xs`, in milliseconds.
func summary(_ xs: [Double]) -> String {
    let s = xs.sorted()
    let median = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    return String(format: "%.1f ms (%.1f-%.1f)", median * 1000, (s.first ?? 0) * 1000, (s.last ?? 0) * 1000)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

var projects = 10_000, runs = 7, dir = "/tmp/pmo-schedule-bench"
var argv = CommandLine.arguments.dropFirst()
while let flag = argv.popFirst() {
    guard let value = argv.popFirst() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--projects": projects = Int(value) ?? projects
    case "--runs": runs = Int(value) ?? runs
    case "--dir": dir = value
    default: fatalError("unknown option \(flag)")
    }
}

try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
let path = "\(dir)/demo-\(projects).sqlite"
if !FileManager.default.fileExists(atPath: path) {
    let t0 = now()
    let store = try PortfolioStore(path: path)
    let data = DemoPortfolio(projects: projects, seed: 1).generate()
    try store.write { tx in _ = try tx.insert(data, source: "demo") }
    print(String(format: "generated %@ in %.1f s", path, now() - t0))
}
let store = try PortfolioStore(path: path)

// The network's size.
let networks = try store.scriptRead { db in try ScheduleQuery.read(db, projectIds: nil) }
let taskCount = networks.reduce(0) { $0 + $1.network.tasks.count }
let linkCount = networks.reduce(0) { $0 + $1.network.links.count }
print("\(networks.count) projects, \(taskCount) tasks, \(linkCount) links")

// The engine's answers, once, to say what it found.
var problems = 0, critical = 0
for p in networks {
    let r = CriticalPath.schedule(p.network, calendars: p.calendars)
    problems += r.problems.count
    critical += r.tasks.filter(\.isCritical).count
}
print("\(critical) critical tasks, \(problems) problems")

// Lua: a session on the store, as `pmo run` makes one.
let lua = try LuaState()
try PMOSession(store: store, today: Day("2026-06-30")).install(in: lua)
let whole = try lua.load("local n = 0; for _ in pairs(pmo.schedule.portfolio()) do n = n + 1 end; return n", name: "=schedule")
// The baseline: the portfolio load, read again each time (pmo.asof to a date not read
// before empties nothing but reads into a new cache; one date a run).
let load = try lua.load("local d = ...; return #pmo.asof(d, function() return pmo.projects() end)", name: "=load")

var reads: [Double] = [], engines: [Double] = [], wholes: [Double] = [], loads: [Double] = []
var readCPU: [Double] = [], engineCPU: [Double] = [], wholeCPU: [Double] = [], loadCPU: [Double] = []
var finished = 0
for run in 0...runs {   // run 0 warms up
    let c0 = cpu(), t0 = now()
    let read = try store.scriptRead { db in try ScheduleQuery.read(db, projectIds: nil) }
    let t1 = now(), c1 = cpu()
    for p in read where CriticalPath.schedule(p.network, calendars: p.calendars).finish != nil { finished += 1 }
    let t2 = now(), c2 = cpu()
    let scheduled = try whole.call().first?.intValue
    let t3 = now(), c3 = cpu()
    let loaded = try load.call("2026-06-\(String(format: "%02d", run + 1))").first?.intValue
    let t4 = now(), c4 = cpu()
    precondition(scheduled == networks.count && loaded == networks.count, "every project scheduled and loaded")
    guard run > 0 else { continue }
    reads.append(t1 - t0)
    engines.append(t2 - t1)
    wholes.append(t3 - t2)
    loads.append(t4 - t3)
    readCPU.append(c1 - c0)
    engineCPU.append(c2 - c1)
    wholeCPU.append(c3 - c2)
    loadCPU.append(c4 - c3)
}
print("\(runs) runs after a warm-up, median (min-max), wall | CPU:")
print("store read (ScheduleQuery):          \(summary(reads)) | \(summary(readCPU))")
print("engine (CriticalPath.schedule):      \(summary(engines)) | \(summary(engineCPU))")
print("pmo.schedule.portfolio(), whole:     \(summary(wholes)) | \(summary(wholeCPU))")
print(String(format: "push, whole less read and engine:     %.1f ms | %.1f ms",
             (median(wholes) - median(reads) - median(engines)) * 1000,
             (median(wholeCPU) - median(readCPU) - median(engineCPU)) * 1000))
print("baseline: pmo.projects() load:       \(summary(loads)) | \(summary(loadCPU))")
print(String(format: "ratio whole / load (medians):        %.2f wall, %.2f CPU", median(wholes) / median(loads), median(wholeCPU) / median(loadCPU)))
print(String(format: "engine CPU per task:                 %.2f µs", median(engineCPU) / Double(max(taskCount, 1)) * 1e6))
