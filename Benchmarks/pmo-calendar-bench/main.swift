// pmo-calendar-bench: what the critical path engine's questions to a calendar cost
// (`CalendarTimeline`'s worked(at:), startMoment(worked:), finishMoment(worked:)), for the
// two ways a timeline counts: by weekly arithmetic (a calendar with no exception and no work
// week) and from a span of resolved days (one with exceptions). Figures in BENCHMARKS.md.
//
//   swift build -c release --product pmo-calendar-bench
//   .build/release/pmo-calendar-bench [--runs 5]
import Days
import Foundation
import PMOModel

/// Standard (Monday to Friday, 08:00-12:00, 13:00-17:00), with ten yearly holidays from 2025
/// to 2030 (MSPDI type 2 exceptions) when `holidays`.
func calendar(holidays: Bool) -> CalendarTimelines {
    var days: [CalendarWeekDay] = [], times: [CalendarTime] = [], exceptions: [CalendarException] = []
    for t in 1...7 {
        let id = "C1/D\(t)", working = (2...6).contains(t)
        days.append(CalendarWeekDay(id: id, calendarId: "C1", dayType: t, working: working))
        if working {
            times.append(CalendarTime(id: id + "/T1", weekDayId: id, fromMinute: 480, toMinute: 720))
            times.append(CalendarTime(id: id + "/T2", weekDayId: id, fromMinute: 780, toMinute: 1020))
        }
    }
    if holidays {
        let dates = [(1, 1), (5, 1), (7, 4), (12, 25), (12, 26), (1, 20), (2, 17), (5, 26), (9, 1), (11, 11)]
        for (k, (month, day)) in dates.enumerated() {
            guard let from = Day(year: 2025, month: month, day: day), let to = Day(year: 2030, month: month, day: day) else { continue }
            exceptions.append(CalendarException(id: "C1/E\(k)", calendarId: "C1", fromDate: from, toDate: to, working: false,
                                                recurrenceType: 2, monthDay: day, month: month - 1))
        }
    }
    return CalendarTimelines(calendars: [WorkCalendar(id: "C1", projectId: "P", isBase: true)], weekDays: days,
                             exceptions: exceptions, times: times)
}

/// SplitMix64 (Steele, Lea and Flood 2014), for the same questions every run.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func seconds(_ body: () -> Int) -> (Double, Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let r = body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, r)
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

var runs = 5
if let i = CommandLine.arguments.firstIndex(of: "--runs"), i + 1 < CommandLine.arguments.count,
   let n = Int(CommandLine.arguments[i + 1]), n > 0 { runs = n }

guard let monday = Day(year: 2026, month: 1, day: 5) else { fatalError("no such day") }
let start = Moment(day: monday, minuteOfDay: 480)
var rng = SplitMix64(state: 20_261_208)
// 200,000 moments over three years, each asked about as a task would be: one worked(at:), then
// three rounds of a start, a finish 0-10 days of work later, and another worked(at:).
let offsets = (0..<200_000).map { _ in Int(rng.next() % UInt64(3 * 365 * 1440)) }

func questions(_ t: CalendarTimeline) -> Int {
    var acc = 0
    for o in offsets {
        let m = Moment(minutes: start.minutes + o)
        let w = t.worked(at: m)
        let d = o % 4800
        for _ in 0..<3 {
            acc &+= t.startMoment(worked: w).minutes
            acc &+= t.finishMoment(worked: w + d).minutes
            acc &+= t.worked(at: Moment(minutes: m.minutes + d))
        }
    }
    return acc
}

/// 10,000 projects, each with its own `CalendarTimelines` (as a store read gives one per read,
/// built here per project to count the building too), 20 tasks of 10 questions each.
func projects(holidays: Bool) -> Int {
    var acc = 0
    for p in 0..<10_000 {
        let timelines = holidays ? calendar(holidays: true) : CalendarTimelines()
        guard let t = timelines.timeline(for: holidays ? "C1" : nil) else { continue }
        let base = start.minutes + (p % 500) * 1440
        for k in 0..<20 {
            let w = t.worked(at: Moment(minutes: base + k * 2880))
            for _ in 0..<3 {
                acc &+= t.startMoment(worked: w).minutes
                acc &+= t.finishMoment(worked: w + 2400).minutes
                acc &+= t.worked(at: Moment(minutes: base + k * 1440))
            }
        }
    }
    return acc
}

let cases: [(String, () -> Int)] = [
    ("2,000,000 questions, weekly calendar", { questions(calendar(holidays: false).calendarTimeline(for: "C1")!) }),
    ("2,000,000 questions, calendar with holidays (span)", { questions(calendar(holidays: true).calendarTimeline(for: "C1")!) }),
    ("10,000 projects x 200 questions, standard calendar (nil id)", { projects(holidays: false) }),
    ("10,000 projects x 200 questions, own calendar with holidays", { projects(holidays: true) }),
]
for (name, body) in cases {
    _ = body()   // warm-up
    var times: [Double] = []
    var check = 0
    for _ in 0..<runs {
        let (s, r) = seconds(body)
        times.append(s)
        check = r
    }
    print(String(format: "%@: median %.3f s (%.3f-%.3f), %d runs [check %d]", name, median(times),
                 times.min() ?? 0, times.max() ?? 0, runs, check % 1000))
}
