// The weekly refresh (issue 24): re-importing changed files into a store that has them.
//   pmo-refresh-bench [--projects N] [--runs R] [--weeks W] [--tasks T] [--dir DIR]
// Build and run in release mode:
//   swift build -c release --product pmo-refresh-bench
//   .build/release/pmo-refresh-bench --projects 10000 --runs 3 --weeks 4
//
// 1. Bundle refresh: the demo's CSV bundle (v1) and a copy in which 10% of the projects
//    changed (v2: forecast finish moved a month, one task removed with what refers to it, one
//    task added, a new project-level time-phased period). Each run imports v1 into an empty
//    store (fresh), then v2 into a copy of that store (refresh); the figure is the ratio of
//    each pair, which shares the machine's load.
// 2. MSPDI refresh: a generated 1,000-task plan imported into the 10,000-project store, then
//    a later version of it (10% of the tasks moved, one removed, one added, baseline 1 set).
// 3. Store growth: W simulated weeks, each re-importing the whole bundle in which 10% of the
//    projects changed as above and every project not closed gained a period; the size after
//    each week, and the three-year (156 weeks) size extrapolated from the weekly growth.
import Foundation
import PMOModel
import PMOStore

var projects = 10_000
var runs = 3
var weeks = 4
var planTasks = 1_000
var growthOnly = false
var dir = NSTemporaryDirectory() + "pmo-refresh-bench"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--projects": projects = Int(arguments.next() ?? "") ?? projects
    case "--runs": runs = max(1, Int(arguments.next() ?? "") ?? runs)
    case "--weeks": weeks = max(0, Int(arguments.next() ?? "") ?? weeks)
    case "--tasks": planTasks = max(2, Int(arguments.next() ?? "") ?? planTasks)
    case "--dir": dir = arguments.next() ?? dir
    case "--growth-only": growthOnly = true
    default: FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8)); exit(2)
    }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
}

struct Sample { var wall: Double; var cpu: Double }

func measure(_ body: () throws -> Void) rethrows -> Sample {
    let cpu = cpuSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Sample(wall: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu: cpuSeconds() - cpu)
}

func median(_ values: [Double]) -> Double {
    let v = values.sorted()
    return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
}

func spread(_ values: [Double], _ format: String = "%.3f") -> String {
    String(format: "\(format) (\(format)-\(format))", median(values), values.min() ?? 0, values.max() ?? 0)
}

func report(_ name: String, _ value: String) {
    print(name.padding(toLength: 58, withPad: " ", startingAt: 0) + value)
}

let fm = FileManager.default
try? fm.removeItem(atPath: dir)
try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
let root = dir
func path(_ name: String) -> String { (root as NSString).appendingPathComponent(name) }

/// Writes `data` as a CSV bundle at `folder`, through an in-memory store and the exporter.
func writeBundle(_ data: Dataset, to folder: String) throws {
    let scratch = try PortfolioStore()
    try scratch.write { tx in try tx.insert(data, source: "bench") }
    try? fm.removeItem(atPath: folder)
    _ = try CSVBundleExporter().export(scratch, to: folder)
}

/// The week's changes to 10% of the projects (those whose index is `week` modulo 10), and a
/// new period for every project not closed when `periods` (the growth simulation).
func changed(_ base: Dataset, week: Int, periods: Bool) -> Dataset {
    var data = base
    let chosen = Set(data.projects.indices.filter { $0 % 10 == week % 10 }.map { data.projects[$0].id })
    for i in data.projects.indices where chosen.contains(data.projects[i].id) {
        data.projects[i].forecastFinish = data.projects[i].forecastFinish?.adding(days: 30)
    }
    // One leaf task of each chosen project goes, with every row that refers to it.
    var parents = Set<String>()
    for t in data.tasks { if let p = t.parentId { parents.insert(p) } }
    var removed = Set<String>()
    var seen = Set<String>()
    for t in data.tasks.reversed() where chosen.contains(t.projectId) && !parents.contains(t.id) && !seen.contains(t.projectId) {
        removed.insert(t.id)
        seen.insert(t.projectId)
    }
    data.tasks.removeAll { removed.contains($0.id) }
    data.taskLinks.removeAll { removed.contains($0.predecessorId) || removed.contains($0.successorId) }
    data.timephased.removeAll { $0.taskId.map(removed.contains) ?? false }
    data.baselines.removeAll { $0.taskId.map(removed.contains) ?? false }
    data.assignments.removeAll { $0.taskId.map(removed.contains) ?? false }
    data.timesheets.removeAll { $0.taskId.map(removed.contains) ?? false }
    for i in data.milestones.indices where data.milestones[i].taskId.map(removed.contains) ?? false { data.milestones[i].taskId = nil }
    for i in data.deliverables.indices where data.deliverables[i].taskId.map(removed.contains) ?? false { data.deliverables[i].taskId = nil }
    // One task added to each chosen project.
    for id in chosen.sorted() {
        var t = WBSTask(id: "\(id)/W\(week)", projectId: id, wbs: "9.\(week)", name: "Added in week \(week)", outlineLevel: 1,
                        isSummary: false, isMilestone: false)
        t.percentComplete = 0
        data.tasks.append(t)
    }
    // A new project-level period: for the chosen projects, or every project not closed.
    var last: [String: TimephasedValue] = [:]
    for v in data.timephased where v.taskId == nil {
        if let known = last[v.projectId], known.periodEnd > v.periodEnd { continue }
        last[v.projectId] = v
    }
    let open = Set(data.projects.filter { $0.phase != .closed && $0.phase != .cancelled }.map(\.id))
    for (id, v) in last.sorted(by: { $0.key < $1.key }) where periods ? open.contains(id) : chosen.contains(id) {
        var next = v
        next.periodEnd = v.periodEnd.adding(days: 1).endOfMonth
        next.pv = v.pv * 1.02
        next.ev = v.ev.map { $0 * 1.02 }
        next.ac = v.ac.map { $0 * 1.03 }
        data.timephased.append(next)
    }
    return data
}

func copyStore(_ from: String, _ to: String) throws {
    for suffix in ["", "-wal", "-shm"] {
        try? fm.removeItem(atPath: to + suffix)
        if fm.fileExists(atPath: from + suffix) { try fm.copyItem(atPath: from + suffix, toPath: to + suffix) }
    }
}

/// The store's size: its file once closed (the last connection to close checkpoints the
/// write-ahead log into it and removes the log, which otherwise keeps the size of the largest
/// transaction, 130 MB for a weekly refresh, however little it added).
func fileSize(_ p: String) -> Double {
    precondition(!fm.fileExists(atPath: p + "-wal"), "\(p) is still open")
    return Double(((try? fm.attributesOfItem(atPath: p)[.size]) as? Int) ?? 0)
}

// MARK: 1. Bundle refresh against a fresh import

let demo = DemoPortfolio(projects: projects, seed: 1).generate()
try writeBundle(demo, to: path("v1"))
if growthOnly {
    let store = try PortfolioStore(path: path("fresh.sqlite"))
    _ = try CSVBundleImporter().importBundle(at: path("v1"), into: store)
}
if !growthOnly {
let v2 = changed(demo, week: 1, periods: false)
try writeBundle(v2, to: path("v2"))
report("bundle v1 / v2 rows", "\(demo.tasks.count) / \(v2.tasks.count) tasks, \(demo.timephased.count) / \(v2.timephased.count) timephased")

var fresh: [Sample] = [], refresh: [Sample] = [], ratios: [Double] = [], ratiosCPU: [Double] = []
var refreshSummary = ""
for run in 0...runs {
    for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path("fresh.sqlite") + suffix) }
    let a = try measure {
        let store = try PortfolioStore(path: path("fresh.sqlite"))
        _ = try CSVBundleImporter().importBundle(at: path("v1"), into: store)
    }
    try copyStore(path("fresh.sqlite"), path("refresh.sqlite"))
    var summary = ImportSummary()
    let b = try measure {
        let store = try PortfolioStore(path: path("refresh.sqlite"))
        summary = try CSVBundleImporter().importBundle(at: path("v2"), into: store)
    }
    refreshSummary = summary.description
    guard run > 0 else { continue }   // the first pair warms the caches
    fresh.append(a)
    refresh.append(b)
    ratios.append(b.wall / a.wall)
    ratiosCPU.append(b.cpu / a.cpu)
}
report("refresh did", refreshSummary)
report("fresh import of v1, wall s (\(runs) runs)", spread(fresh.map(\.wall)))
report("refresh with v2, wall s", spread(refresh.map(\.wall)))
report("refresh / fresh, wall, same run", spread(ratios))
report("fresh import of v1, CPU s", spread(fresh.map(\.cpu)))
report("refresh with v2, CPU s", spread(refresh.map(\.cpu)))
report("refresh / fresh, CPU, same run", spread(ratiosCPU))

// MARK: 2. MSPDI refresh of a 1,000-task plan

/// An MSPDI plan of `n` tasks in summaries of ten, chained, with baseline 0, one resource and
/// an assignment a task; `version` 2 moves every tenth task a week, removes task 5, adds a
/// task and sets baseline 1 on the project.
func plan(tasks n: Int, version: Int) -> String {
    var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Project xmlns="http://schemas.microsoft.com/project"><Title>Bench plan</Title>
        <StartDate>2026-01-05T08:00:00</StartDate><FinishDate>2027-12-31T17:00:00</FinishDate><StatusDate>2026-06-30T17:00:00</StatusDate>
        <Tasks><Task><UID>0</UID><ID>0</ID><Name>Bench plan</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary>
        <Start>2026-01-05T08:00:00</Start><Finish>2027-12-31T17:00:00</Finish><Cost>100000000</Cost>
        <Baseline><Number>0</Number><Start>2026-01-05T08:00:00</Start><Finish>2027-12-31T17:00:00</Finish><Cost>100000000</Cost></Baseline>
        """
    if version == 2 {
        xml += "<Baseline><Number>1</Number><Start>2026-01-05T08:00:00</Start><Finish>2028-01-31T17:00:00</Finish><Cost>110000000</Cost></Baseline>"
    }
    xml += "</Task>\n"
    let start = Day(year: 2026, month: 1, day: 5)!
    var uids: [Int] = Array(1...n)
    if version == 2 { uids.removeAll { $0 == 5 }; uids.append(n + 1) }
    var previous: Int?
    for (position, uid) in uids.enumerated() {
        let summary = uid % 10 == 1 && uid <= n
        let moved = version == 2 && uid % 10 == 0 ? 7 : 0
        let s = start.adding(days: (uid % 700) + moved), f = s.adding(days: 5)
        xml += "<Task><UID>\(uid)</UID><ID>\(position + 1)</ID><Name>Task \(uid)</Name><WBS>\(uid)</WBS><OutlineLevel>\(summary ? 1 : 2)</OutlineLevel>"
        xml += "<Summary>\(summary ? 1 : 0)</Summary><Start>\(s)T08:00:00</Start><Finish>\(f)T17:00:00</Finish>"
        xml += "<PercentComplete>\(uid % 3 == 0 ? 50 : 0)</PercentComplete><Work>PT40H0M0S</Work><Cost>400000</Cost>"
        xml += "<Baseline><Number>0</Number><Start>\(start.adding(days: uid % 700))T08:00:00</Start><Finish>\(start.adding(days: uid % 700 + 5))T17:00:00</Finish><Cost>400000</Cost><Work>PT40H0M0S</Work></Baseline>"
        if let previous, !summary { xml += "<PredecessorLink><PredecessorUID>\(previous)</PredecessorUID><Type>1</Type></PredecessorLink>" }
        xml += "</Task>\n"
        if !summary { previous = uid }
    }
    xml += "</Tasks><Resources><Resource><UID>1</UID><Name>Crew</Name><Type>1</Type><MaxUnits>5</MaxUnits><StandardRate>90</StandardRate></Resource></Resources><Assignments>\n"
    for uid in uids where !(uid % 10 == 1 && uid <= n) {
        let s = start.adding(days: uid % 700)
        xml += "<Assignment><UID>\(uid)</UID><TaskUID>\(uid)</TaskUID><ResourceUID>1</ResourceUID><Start>\(s)T08:00:00</Start><Finish>\(s.adding(days: 5))T17:00:00</Finish><Work>PT40H0M0S</Work></Assignment>\n"
    }
    return xml + "</Assignments></Project>\n"
}

try Data(plan(tasks: planTasks, version: 1).utf8).write(to: URL(fileURLWithPath: path("plan-v1.xml")))
try Data(plan(tasks: planTasks, version: 2).utf8).write(to: URL(fileURLWithPath: path("plan-v2.xml")))
var mspdi: [Sample] = []
var mspdiSummary = ""
for run in 0...runs {
    try copyStore(path("fresh.sqlite"), path("plan.sqlite"))
    let store = try PortfolioStore(path: path("plan.sqlite"))
    _ = try MSPDIImporter().importFile(at: path("plan-v1.xml"), projectId: "PLAN", into: store)
    var summary = ImportSummary()
    let s = try measure { summary = try MSPDIImporter().importFile(at: path("plan-v2.xml"), projectId: "PLAN", into: store) }
    mspdiSummary = summary.description
    if run > 0 { mspdi.append(s) }
}
report("MSPDI refresh did", mspdiSummary)
report("MSPDI refresh, \(planTasks) tasks, 10,000-project store, wall s", spread(mspdi.map(\.wall)))
report("MSPDI refresh, CPU s", spread(mspdi.map(\.cpu)))
}

// MARK: 3. Store growth over simulated weeks

if weeks > 0 {
    try copyStore(path("fresh.sqlite"), path("weekly.sqlite"))
    let start = fileSize(path("weekly.sqlite"))
    report("store after the first import", String(format: "%.1f MB", start / 1e6))
    var data = demo
    var sizes: [Double] = []
    for week in 1...weeks {
        data = changed(data, week: week, periods: true)
        try writeBundle(data, to: path("week"))
        var summary = ImportSummary()
        let s = try measure {
            let store = try PortfolioStore(path: path("weekly.sqlite"))
            summary = try CSVBundleImporter().importBundle(at: path("week"), into: store)
        }
        let size = fileSize(path("weekly.sqlite"))
        sizes.append(size)
        report("week \(week): \(summary.totalChanges) rows changed", String(format: "%.1f MB, refresh %.1f s wall", size / 1e6, s.wall))
    }
    let perWeek = ((sizes.last ?? start) - start) / Double(weeks)
    report("growth per week (mean of \(weeks))", String(format: "%.1f MB", perWeek / 1e6))
    report("after 156 weeks (first import + 156 x growth)", String(format: "%.2f GB", (start + 156 * perWeek) / 1e9))
}
