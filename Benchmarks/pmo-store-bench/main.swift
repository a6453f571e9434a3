// Measures the store's performance targets (issue 3):
//   pmo-store-bench [--projects N] [--seed S] [--dir DIR] [--runs R]
// Build and run in release mode:
//   swift build -c release --product pmo-store-bench
//   .build/release/pmo-store-bench --projects 10000 --runs 3
//
// The CSV import and its sqlite3 `.import` baseline run R times, alternating, so each pair
// shares the machine's load; the ratio of each pair is the figure to compare. Loads run 7
// times. Every figure is the median with the spread (min-max), in wall and CPU seconds.
import Foundation
import PMOModel
import PMOStore

var projects = 10_000
var seed: UInt64 = 1
var dir = NSTemporaryDirectory() + "pmo-store-bench"
var runs = 3
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--projects": projects = Int(arguments.next() ?? "") ?? projects
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    case "--dir": dir = arguments.next() ?? dir
    case "--runs": runs = max(1, Int(arguments.next() ?? "") ?? runs)
    default: FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8)); exit(2)
    }
}

/// CPU seconds (user + system) used so far by this process, or by its finished children:
/// unlike wall time, barely moved by other work sharing the machine.
func cpuSeconds(children: Bool = false) -> Double {
    var usage = rusage()
    getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

/// One measurement: wall and CPU seconds.
struct Sample {
    var wall: Double
    var cpu: Double
}

/// Times `body`; `children` counts the CPU of child processes instead of this one.
func measure(children: Bool = false, _ body: () throws -> Void) rethrows -> Sample {
    let cpu = cpuSeconds(children: children)
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Sample(wall: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu: cpuSeconds(children: children) - cpu)
}

/// Median and spread of some numbers.
func summary(_ values: [Double], _ format: String = "%.3f") -> String {
    let v = values.sorted()
    let median = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    return String(format: "\(format) (\(format)-\(format))", median, v.first!, v.last!)
}

func report(_ name: String, _ value: String) {
    print(name.padding(toLength: 50, withPad: " ", startingAt: 0) + value)
}

let fm = FileManager.default
try? fm.removeItem(atPath: dir)
try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
let storePath = dir + "/demo.sqlite", bundle = dir + "/data"

var data = Dataset()
let generate = measure { data = DemoPortfolio(projects: projects, seed: seed).generate() }
report("demo generate (\(projects) projects)", String(format: "%.3f s; CPU %.3f s", generate.wall, generate.cpu))
let store = try PortfolioStore(path: storePath)
var written = ImportSummary()
let write = try measure { written = try store.write { tx in try tx.insert(data, source: "demo") } }
report("demo write to SQLite (\(written.totalRows) rows)",
       String(format: "%.3f s; CPU %.3f s = %.0f rows/CPU-s", write.wall, write.cpu, Double(written.totalRows) / write.cpu))
report("  of which timephased rows", "\(data.timephased.count) (\(data.timephased.filter { $0.taskId == nil }.count) project totals)")
let export = try measure { try CSVBundleExporter().export(store, to: bundle) }
report("CSV bundle export", String(format: "%.3f s; CPU %.3f s", export.wall, export.cpu))

// Baseline: the sqlite3 shell's .import of the same files into the same schema. Foreign keys
// are off there: the shell imports empty fields as '' rather than NULL, which would break
// every optional reference; and it checks no values.
let baselineTables = ["organisation", "portfolios", "programs", "projects", "tasks", "timephased", "status_reports"]
let schema = try store.scriptRead { db in
    // The data schema only: not schema v3's derived copy nor its triggers (pmo's read path).
    try String.fetchAll(db, sql: """
        SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'grdb_%' \
        AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%derived\\_%' ESCAPE '\\' ORDER BY rowid
        """)
}.joined(separator: ";\n") + ";\n"
var script = "PRAGMA foreign_keys = OFF;\nPRAGMA cache_size = -65536;\n" + schema + "BEGIN;\n"
for table in baselineTables {
    if table == "projects" {
        // projects.csv carries a custom field column (cost_centre): import it aside, then copy.
        script += ".import --csv \(bundle)/projects.csv projects_raw\n"
        script += "INSERT INTO projects SELECT id, name, description, portfolio_id, program_id, manager, sponsor, phase, methodology, priority, baseline_start, baseline_finish, forecast_start, forecast_finish, actual_start, actual_finish, bac, status_date FROM projects_raw;\n"
    } else {
        script += ".import --csv --skip 1 \(bundle)/\(table).csv \(table)\n"
    }
}
script += "COMMIT;\n"
try script.write(toFile: dir + "/shell-import.sql", atomically: true, encoding: .utf8)

var imports: [Sample] = [], baselines: [Sample] = [], ratios: [Double] = []
var importRows = 0, baselineRows = 0
var imported: PortfolioStore!
for run in 0..<runs {
    let path = dir + "/imported-\(run).sqlite"
    let target = try PortfolioStore(path: path)
    var added = ImportSummary()
    let sample = try measure { added = try CSVBundleImporter().importBundle(at: bundle, into: target) }
    importRows = added.totalRows
    baselineRows = added.added.filter { baselineTables.contains($0.table) }.reduce(0) { $0 + $1.rows }
    imports.append(sample)
    imported = target

    let shellStore = dir + "/shell-\(run).sqlite"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", shellStore]
    process.standardInput = FileHandle(forReadingAtPath: dir + "/shell-import.sql")
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    let shell = try measure(children: true) { try process.run(); process.waitUntilExit() }
    guard process.terminationStatus == 0 else { print("sqlite3 baseline failed (status \(process.terminationStatus))"); exit(1) }
    baselines.append(shell)
    ratios.append((Double(importRows) / sample.wall) / (Double(baselineRows) / shell.wall))
    if run > 0 { try? fm.removeItem(atPath: dir + "/imported-\(run - 1).sqlite") }
}
report("CSV bundle import, \(importRows) rows, \(runs) runs", "wall " + summary(imports.map(\.wall)) + " s; CPU " + summary(imports.map(\.cpu)) + " s")
report("  rows/s (wall)", summary(imports.map { Double(importRows) / $0.wall }, "%.0f"))
report("  rows per CPU-second", summary(imports.map { Double(importRows) / $0.cpu }, "%.0f"))
report("sqlite3 .import baseline, \(baselineRows) rows", "wall " + summary(baselines.map(\.wall)) + " s; CPU " + summary(baselines.map(\.cpu)) + " s")
report("  rows/s (wall)", summary(baselines.map { Double(baselineRows) / $0.wall }, "%.0f"))
report("  rows per CPU-second", summary(baselines.map { Double(baselineRows) / $0.cpu }, "%.0f"))
report("import rows/s ÷ baseline rows/s, same run", summary(ratios, "%.2f"))

/// Seven runs of `body`.
func seven(_ body: () throws -> Void) rethrows -> [Sample] { try (0..<7).map { _ in try measure(body) } }

// The portfolio load's queries as production runs them (host.portfolio, without the push
// into Lua): through the script connection, the project rows, then every project's EVM inputs.
var inputs: [EVMInputs] = []
func load(_ store: PortfolioStore, asOf: Day?) throws -> [EVMInputs] {
    try store.scriptRead { db in
        // Every project row stepped (its id decoded; Lua's push is not measured here).
        _ = try String.fetchAll(db, sql: PortfolioLoad.projectsSQL)
        return try EVMInputsQuery.read(db, asOf: asOf)
    }
}
let loads = try seven { inputs = try load(imported, asOf: nil) }
report("portfolio load, \(inputs.count) projects", "wall " + summary(loads.map(\.wall)) + " s; CPU " + summary(loads.map(\.cpu)) + " s")
let asOfLoads = try seven { inputs = try load(imported, asOf: Day("2026-03-31")!) }
report("portfolio load as of 2026-03-31", "wall " + summary(asOfLoads.map(\.wall)) + " s; CPU " + summary(asOfLoads.map(\.cpu)) + " s")
let demos = try seven { _ = try PortfolioStore.demo(projects: 40, seed: 1) }
report("in-memory demo store, 40 projects", "wall " + summary(demos.map(\.wall)) + " s; CPU " + summary(demos.map(\.cpu)) + " s")
