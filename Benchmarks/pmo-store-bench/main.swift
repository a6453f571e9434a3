// Measures the store's performance targets (issue 3), in one run:
//   pmo-store-bench [--projects N] [--seed S] [--dir DIR]
// Build and run in release mode:  swift run -c release pmo-store-bench --projects 10000
import Foundation
import PMOModel
import PMOStore

var projects = 10_000
var seed: UInt64 = 1
var dir = NSTemporaryDirectory() + "pmo-store-bench"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--projects": projects = Int(arguments.next() ?? "") ?? projects
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    case "--dir": dir = arguments.next() ?? dir
    default: FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8)); exit(2)
    }
}

/// CPU seconds (user + system) of this process so far: unlike wall time, barely moved by
/// other work sharing the machine.
@MainActor func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

/// The CPU seconds of the last `seconds` call.
var lastCPU = 0.0

/// Wall-clock seconds of `body`; its CPU seconds go to `lastCPU`.
@MainActor func seconds(_ body: () throws -> Void) rethrows -> Double {
    let cpu = cpuSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    lastCPU = cpuSeconds() - cpu
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func report(_ name: String, _ value: String) {
    print(name.padding(toLength: 50, withPad: " ", startingAt: 0) + value)
}

let fm = FileManager.default
try? fm.removeItem(atPath: dir)
try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
let storePath = dir + "/demo.sqlite", bundle = dir + "/data", importPath = dir + "/imported.sqlite"

var data = Dataset()
report("demo generate (\(projects) projects)", String(format: "%.3f s", seconds { data = DemoPortfolio(projects: projects, seed: seed).generate() }))
let store = try PortfolioStore(path: storePath)
var summary = ImportSummary()
let write = try seconds { summary = try store.write { tx in try tx.insert(data, source: "demo") } }
report("demo write to SQLite (\(summary.totalRows) rows)", String(format: "%.3f s (%.0f rows/s); CPU %.3f s", write, Double(summary.totalRows) / write, lastCPU))
report("  of which timephased rows", "\(data.timephased.count)")
report("  project-level timephased rows", "\(data.timephased.filter { $0.taskId == nil }.count)")
let export = try seconds { try CSVBundleExporter().export(store, to: bundle) }
report("CSV bundle export", String(format: "%.3f s", export))

let imported = try PortfolioStore(path: importPath)
var importSummary = ImportSummary()
let importTime = try seconds { importSummary = try CSVBundleImporter().importBundle(at: bundle, into: imported) }
report("CSV bundle import (\(importSummary.totalRows) rows)", String(format: "%.3f s = %.0f rows/s; CPU %.3f s = %.0f rows/CPU-s",
                                                                   importTime, Double(importSummary.totalRows) / importTime, lastCPU, Double(importSummary.totalRows) / lastCPU))

// Baseline: the sqlite3 shell's .import of the same files into a store with the same schema
// (schema copied from the store). Foreign keys are off there: the shell imports empty fields
// as '' rather than NULL, which would break every optional reference.
let shellStore = dir + "/shell.sqlite"
let schema = try store.database.read { db in
    try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'grdb_%' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
}.joined(separator: ";\n") + ";\n"
var script = "PRAGMA foreign_keys = OFF;\nPRAGMA cache_size = -65536;\n" + schema + "BEGIN;\n"
for table in ["organisation", "portfolios", "programs", "projects", "tasks", "timephased", "status_reports"] {
    // --skip 1: the header; custom field columns are not part of the baseline (projects.csv is
    // imported into a scratch table because of them).
    if table == "projects" {
        script += ".import --csv \(bundle)/projects.csv projects_raw\n"
        script += "INSERT INTO projects SELECT id, name, description, portfolio_id, program_id, manager, sponsor, phase, methodology, priority, baseline_start, baseline_finish, forecast_start, forecast_finish, actual_start, actual_finish, bac, status_date FROM projects_raw;\n"
    } else {
        script += ".import --csv --skip 1 \(bundle)/\(table).csv \(table)\n"
    }
}
script += "COMMIT;\n"
try script.write(toFile: dir + "/shell-import.sql", atomically: true, encoding: .utf8)
let shellTables: Set = ["organisation", "portfolios", "programs", "projects", "tasks", "timephased", "status_reports"]
let shellRows = importSummary.added.filter { shellTables.contains($0.table) }.reduce(0) { total, entry in total + entry.rows }
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
process.arguments = ["sqlite3", shellStore]
process.standardInput = FileHandle(forReadingAtPath: dir + "/shell-import.sql")
process.standardError = FileHandle(forWritingAtPath: "/dev/null")
let shellTime = try seconds { try process.run(); process.waitUntilExit() }
var childUsage = rusage()
getrusage(RUSAGE_CHILDREN.rawValue, &childUsage)
let shellCPU = Double(childUsage.ru_utime.tv_sec) + Double(childUsage.ru_utime.tv_usec) / 1e6
    + Double(childUsage.ru_stime.tv_sec) + Double(childUsage.ru_stime.tv_usec) / 1e6
report("sqlite3 .import baseline (\(shellRows) rows, 7 tables)", process.terminationStatus == 0
       ? String(format: "%.3f s = %.0f rows/s; CPU %.3f s = %.0f rows/CPU-s", shellTime, Double(shellRows) / shellTime, shellCPU, Double(shellRows) / shellCPU)
       : "failed (status \(process.terminationStatus))")

/// Runs `body` five times; the best wall time and the best CPU time.
@MainActor func bestOfFive(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    var wall = Double.infinity, cpu = Double.infinity
    for _ in 0..<5 {
        wall = min(wall, try seconds(body))
        cpu = min(cpu, lastCPU)
    }
    return (wall, cpu)
}

var snapshot: PortfolioSnapshot?
let load = try bestOfFive { snapshot = try imported.portfolio() }
report("portfolio() bulk load, best of 5", String(format: "%.3f s; CPU %.3f s (%d projects)", load.wall, load.cpu, snapshot?.projects.count ?? 0))
let asOf = try bestOfFive { snapshot = try imported.portfolio(asOf: Day("2026-03-31")!) }
report("portfolio(asOf: 2026-03-31), best of 5", String(format: "%.3f s; CPU %.3f s", asOf.wall, asOf.cpu))
var evmTime = 0.0
var red = 0
evmTime = seconds { red = snapshot!.projects.filter { ($0.earnedValue.cpi ?? 1) < 0.85 }.count }
report("EarnedValue for every project", String(format: "%.3f s (%d with CPI < 0.85)", evmTime, red))

let demo = try bestOfFive { _ = try PortfolioStore.demo(projects: 40, seed: 1) }
report("in-memory demo store (40 projects), best of 5", String(format: "%.3f s; CPU %.3f s", demo.wall, demo.cpu))
