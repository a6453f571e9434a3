// The critical path engine on one large project (issue 25: a 10,000-task project under 100 ms).
//   pmo-cpm-bench [--tasks N] [--runs R] [--seed S]
// Build and run in release mode:
//   swift build -c release --product pmo-cpm-bench
//   .build/release/pmo-cpm-bench --tasks 10000 --runs 11
//
// The project is a seeded random network (SplitMix64): summaries of 99 leaf tasks each, every
// leaf linked from one or two earlier tasks (1.5 links a task on average) within the previous
// 300, 85% FS, 7% SS, 5% FF, 3% SF, one link in five with a lag or lead (-2 to +5 days), one
// in ten of those elapsed; durations 1 to 20 days, one leaf in twenty a milestone; the
// standard calendar (`CalendarTimelines`). Each run schedules it with a fresh
// `CalendarTimelines`, so the calendar's days are resolved again as they would be on a read.
import Foundation
import PMOModel

var taskCount = 10_000
var runs = 11
var seed: UInt64 = 20_261_208
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--tasks": taskCount = max(2, Int(arguments.next() ?? "") ?? taskCount)
    case "--runs": runs = max(1, Int(arguments.next() ?? "") ?? runs)
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    default: FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8)); exit(2)
    }
}

func network(tasks count: Int, seed: UInt64) -> ScheduleNetwork {
    var rng = SplitMix64(seed: seed)
    var tasks: [ScheduleTask] = []
    var links: [ScheduleLink] = []
    var leaves: [String] = []
    var summary = ""
    tasks.reserveCapacity(count)
    for i in 0..<count {
        if i % 100 == 0 {
            summary = "S\(i)"
            tasks.append(ScheduleTask(id: summary, isSummary: true))
            continue
        }
        let id = "T\(i)"
        let milestone = rng.chance(0.05)
        tasks.append(ScheduleTask(id: id, parentId: summary, isMilestone: milestone,
                                  durationMinutes: milestone ? 0 : rng.int(1...20) * 480))
        if !leaves.isEmpty {
            let n = rng.chance(0.5) ? 2 : 1
            for _ in 0..<n {
                let p = leaves[max(0, leaves.count - 300) + rng.int(0...(min(300, leaves.count) - 1))]
                let r = rng.unit()
                let type: LinkType = r < 0.85 ? .finishToStart : r < 0.92 ? .startToStart : r < 0.97 ? .finishToFinish : .startToFinish
                var lag = 0, elapsed = false
                if rng.chance(0.2) {
                    lag = rng.int(-2...5) * 480
                    if rng.chance(0.1) { elapsed = true; lag = lag / 480 * 1440 }
                }
                links.append(ScheduleLink(predecessorId: p, successorId: id, type: type, lagMinutes: lag, isElapsed: elapsed))
            }
        }
        leaves.append(id)
    }
    let start = Moment(day: Day(year: 2026, month: 1, day: 5)!, minuteOfDay: 480)
    return ScheduleNetwork(projectId: "BENCH", start: start, tasks: tasks, links: links)
}

let net = network(tasks: taskCount, seed: seed)
func once() -> (Double, ScheduleResult) {
    let calendars = CalendarTimelines()
    let t0 = DispatchTime.now().uptimeNanoseconds
    let result = CriticalPath.schedule(net, calendars: calendars)
    return (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6, result)
}

let (_, warm) = once()
var times: [Double] = []
for _ in 0..<runs { times.append(once().0) }
times.sort()
let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
let critical = warm.tasks.filter(\.isCritical).count
print("tasks \(net.tasks.count), links \(net.links.count), finish \(warm.finish.map { "\($0)" } ?? "-"), "
      + "critical tasks \(critical), critical paths \(warm.criticalPaths.count), problems \(warm.problems.count)")
print(String(format: "schedule: median %.1f ms (min %.1f, max %.1f) over %d runs", median, times.first ?? 0, times.last ?? 0, runs))
