import Days

/// The schedule network under a demo project's five phase tasks: work packages and a milestone
/// per phase, linked so that a critical path engine has something real to compute, with a
/// drawn set of the schedule-quality faults the DCMA 14-point assessment looks for.
///
/// The five phase tasks (`PRJ-…/T1` to `T5`, which carry the project's time-phased values)
/// become summary tasks; their children carry durations, links, constraints and progress but
/// no cost; their work hours add up to their phase's, as MS Project rolls work up to a summary
/// task. Every figure that comes from the phases is unchanged. Everything here is drawn
/// from the project's own `SplitMix64` stream (`DemoProject.networkSeed`), never from the
/// portfolio's, so adding it left every other generated value as it was.
///
/// About a third of the projects are clean (complete finish-to-start logic, no leads or
/// lags, no hard constraints, durations of at most 44 working days); the others have one or
/// more of the faults of `Fault`, which the DCMA checks name (DCMA-EA PAM 200.1 (2012),
/// 14-point assessment: 1 logic, 2 leads, 3 lags, 4 relationship types, 5 hard constraints,
/// 6 high float, 7 negative float, 8 high duration, 9 invalid dates, 10 resources). Projects behind plan
/// (SPI < 1) finish their work late, which gives missed tasks and a baseline execution index
/// below 1 (checks 11 and 14).
///
/// Working time is Monday to Friday, as the standard calendar the engine uses when a project
/// names none (MS Project's `Standard` calendar, which has no holidays).
struct DemoNetwork {
    /// A schedule-quality fault a demo project may have.
    enum Fault: CaseIterable {
        /// Tasks with no predecessor or no successor (DCMA check 1, logic).
        case openEnds
        /// Negative lags (check 2).
        case leads
        /// Positive lags (check 3).
        case lags
        /// Start-to-start and finish-to-finish links (check 4, relationship types).
        case nonFinishToStart
        /// Must start/finish on, start/finish no later than (check 5).
        case hardConstraints
        /// A deadline or finish-no-later-than the network cannot meet (check 7, negative float).
        case negativeFloat
        /// A task whose only successor is the project's last milestone (check 6, high float).
        case highFloat
        /// A phase done as one work package of more than 44 working days (check 8).
        case highDuration
        /// An actual start after the status date, or a forecast start before it on a task not
        /// started (check 9, invalid dates).
        case invalidDates
        /// Work packages with no work, cost or resource (check 10, resources).
        case unresourced

        /// How often a project that is not clean has the fault.
        var probability: Double {
            switch self {
            case .openEnds: 0.4
            case .leads: 0.25
            case .lags: 0.35
            case .nonFinishToStart: 0.35
            case .hardConstraints: 0.3
            case .negativeFloat: 0.3
            case .highFloat: 0.3
            case .highDuration: 0.25
            case .invalidDates: 0.15
            case .unresourced: 0.3
            }
        }
    }

    /// The share of projects drawn clean.
    static let cleanShare = 0.35

    /// Work package names per phase, in the order a phase does them.
    static let workNames: [[String]] = [
        ["Stakeholder analysis", "Business case", "Project charter", "Kick-off", "Feasibility study"],
        ["Requirements", "Solution architecture", "Detailed design", "Security design", "Design review"],
        ["Core platform", "Integrations", "Data migration", "User interface", "Reporting"],
        ["System test", "Integration test", "Performance test", "User acceptance test", "Defect fixing"],
        ["Deployment planning", "Training", "Cut-over", "Hypercare", "Handover"],
    ]
    /// A work package running beside each phase's main chain.
    static let sideNames = ["Procurement", "Vendor selection", "Environment set-up", "Test data preparation", "Communication"]
    /// The milestone ending each phase.
    static let milestoneNames = ["Charter approved", "Design approved", "Build complete", "Test exit", "Go-live"]

    /// A task being drawn: working-day indices from the project's first working day.
    struct Item {
        var id: String
        var parent: Int
        var name: String
        var isMilestone = false
        var start: Int
        var finish: Int
        var constraint: ConstraintType?
        var constraintDay: Day?
        var deadline: Day?
        var duration: Int { isMilestone ? 0 : finish - start + 1 }
    }

    /// Weekdays counted from `origin` (a weekday): index 0 is `origin`.
    struct WorkDays {
        let monday: Day
        let offset: Int

        init(from day: Day) {
            let first = day.weekday > 5 ? day.adding(days: 8 - day.weekday) : day
            monday = first.adding(days: 1 - first.weekday)
            offset = first.weekday - 1
        }

        /// The weekday at `index`.
        func day(_ index: Int) -> Day {
            let (weeks, r) = DemoNetwork.floorDivision(index + offset, 5)
            return monday.adding(days: weeks * 7 + r)
        }

        /// The index of `day`, or of the Friday before it on a weekend.
        func index(onOrBefore day: Day) -> Int {
            let (weeks, r) = DemoNetwork.floorDivision(monday.days(to: day), 7)
            return weeks * 5 + min(r, 4) - offset
        }

        /// The index of `day`, or of the Monday after it on a weekend.
        func index(onOrAfter day: Day) -> Int {
            let (weeks, r) = DemoNetwork.floorDivision(monday.days(to: day), 7)
            return r <= 4 ? weeks * 5 + r - offset : (weeks + 1) * 5 - offset
        }
    }

    static func floorDivision(_ a: Int, _ b: Int) -> (Int, Int) {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    let projectId: String
    /// The phase tasks T1 to T5, as `addTaskSplit` made them.
    let phases: [WBSTask]
    /// The project's schedule performance: finished work took 1/SPI times its planned time.
    let spi: Double
    let phase: Phase
    /// The project's status date; nil when it has not started.
    let statusDate: Day?

    /// The phase tasks turned summaries followed each by its children, in outline order with
    /// their outline positions, and the links.
    func build(rng: inout SplitMix64) -> (tasks: [WBSTask], links: [TaskLink]) {
        var faults = Set<Fault>()
        if !rng.chance(DemoNetwork.cleanShare) {
            for fault in Fault.allCases where rng.chance(fault.probability) { faults.insert(fault) }
            if faults.isEmpty { faults.insert(rng.pick(Fault.allCases)) }
        }
        guard let firstStart = phases.first?.baselineStart else { return (phases, []) }
        let days = WorkDays(from: firstStart)
        let spans = phases.map { task -> (Int, Int) in
            let a = days.index(onOrAfter: task.baselineStart ?? firstStart)
            return (a, max(a, days.index(onOrBefore: task.baselineFinish ?? firstStart)))
        }
        // The longest phase, done as one package when the project has that fault.
        let longest = spans.indices.max { spans[$0].1 - spans[$0].0 < spans[$1].1 - spans[$1].0 } ?? 0
        let oneBlock = faults.contains(.highDuration) && spans[longest].1 - spans[longest].0 + 1 > 44 ? longest : nil

        var items: [Item] = []
        var links: [(Int, Int, LinkType, Int)] = []   // predecessor, successor (item indices), type, lag days
        var chains: [[Int]] = []
        var milestones: [Int] = []
        var budget = (leads: 3, lags: 4, openEnds: 2)
        for (p, (a, b)) in spans.enumerated() {
            let n = b - a + 1
            // At most 44 working days a package (DCMA check 8) unless the phase is one block.
            let count = p == oneBlock ? 1 : max(1, min(5, max(2, (n + 33) / 34), n / 3))
            let weights = (0..<count).map { _ in rng.double(0.85...1.15) }
            let total = weights.reduce(0, +)
            var lengths = weights.map { max(1, Int((Double(n) * $0 / total).rounded())) }
            lengths[count - 1] = n - lengths.dropLast().reduce(0, +)
            if lengths[count - 1] < 1 || (count > 1 && lengths.contains { $0 > 44 }) {
                lengths = (0..<count).map { n / count + ($0 < n % count ? 1 : 0) }
            }
            var chain: [Int] = []
            var start = a
            for (j, length) in lengths.enumerated() {
                chain.append(items.count)
                items.append(Item(id: "", parent: p, name: DemoNetwork.workNames[p][j], start: start, finish: start + length - 1))
                start += length
            }
            // Consecutive packages: finish-to-start, now and then with a lead or a lag that the
            // successor's duration absorbs, so the phase still ends on its baseline finish.
            for j in 1..<max(1, chain.count) {
                let (pred, succ) = (chain[j - 1], chain[j])
                var lag = 0
                if faults.contains(.leads), budget.leads > 0, items[pred].duration > 2, items[succ].duration < 40,
                   rng.chance(0.4) {
                    lag = -rng.int(1...min(5, items[pred].duration - 1))
                    budget.leads -= 1
                } else if faults.contains(.lags), budget.lags > 0, items[succ].duration > 4, rng.chance(0.5) {
                    lag = rng.int(2...min(10, items[succ].duration - 2))
                    budget.lags -= 1
                }
                items[succ].start += lag
                links.append((pred, succ, .finishToStart, lag))
            }
            // A package beside the phase's last one, into the milestone: finish-to-start after
            // the one before it, or (the non-FS fault) start-to-start with the last one and
            // finish-to-finish into the milestone. Either way its float stays under 44 days.
            var sides: [Int] = []
            if chain.count >= 2, rng.chance(faults.contains(.nonFinishToStart) ? 0.7 : 0.4) {
                let side = items.count
                if faults.contains(.nonFinishToStart) {
                    let last = items[chain[chain.count - 1]]
                    let lag = rng.int(0...min(5, last.duration - 1))
                    let length = max(1, Int(Double(b - last.start - lag + 1) * rng.double(0.4...0.9)))
                    items.append(Item(id: "", parent: p, name: DemoNetwork.sideNames[p], start: last.start + lag,
                                      finish: last.start + lag + length - 1))
                    links.append((chain[chain.count - 1], side, .startToStart, lag))
                } else {
                    let anchor = items[chain[chain.count - 2]]
                    let length = max(1, Int(Double(b - anchor.finish) * rng.double(0.4...0.9)))
                    items.append(Item(id: "", parent: p, name: DemoNetwork.sideNames[p], start: anchor.finish + 1,
                                      finish: anchor.finish + length))
                    links.append((chain[chain.count - 2], side, .finishToStart, 0))
                }
                sides.append(side)
            }
            if p == 1, faults.contains(.highFloat), let first = chain.first, items[first].finish < b {
                // Documentation nobody waits for but the go-live: months of float.
                let start = items[first].finish + 1
                sides.append(items.count)
                items.append(Item(id: "", parent: p, name: "Documentation", start: start, finish: min(b, start + rng.int(4...9))))
                links.append((first, items.count - 1, .finishToStart, 0))
            }
            let milestone = items.count
            items.append(Item(id: "", parent: p, name: DemoNetwork.milestoneNames[p], isMilestone: true, start: b, finish: b))
            if let last = chain.last { links.append((last, milestone, .finishToStart, 0)) }
            for side in sides where items[side].name != "Documentation" {
                if faults.contains(.openEnds), budget.openEnds > 0, rng.chance(0.5) {
                    budget.openEnds -= 1   // dangling: nothing follows it
                    continue
                }
                let type: LinkType = links.contains { $0.1 == side && $0.2 == .startToStart } ? .finishToFinish : .finishToStart
                links.append((side, milestone, type, 0))
            }
            if let previous = milestones.last, let first = chain.first { links.append((previous, first, .finishToStart, 0)) }
            chains.append(chain)
            milestones.append(milestone)
        }
        if let goLive = milestones.last {
            for side in items.indices where items[side].name == "Documentation" { links.append((side, goLive, .finishToStart, 0)) }
        }

        // Dangling logic: a package whose predecessor link was never drawn (half the time held
        // by a start-no-earlier-than instead, as schedulers do).
        if faults.contains(.openEnds) {
            let candidates = chains.flatMap { $0.dropFirst() }
            for _ in 0..<rng.int(1...2) where !candidates.isEmpty {
                let cut = rng.pick(candidates)
                links.removeAll { $0.1 == cut && $0.0 != cut }
                if rng.chance(0.5) {
                    items[cut].constraint = .startNoEarlierThan
                    items[cut].constraintDay = days.day(items[cut].start)
                }
            }
        }
        if faults.contains(.hardConstraints) {
            let candidates = chains.flatMap { $0.dropFirst() }
            for _ in 0..<rng.int(1...2) where !candidates.isEmpty {
                let i = rng.pick(candidates)
                let type = rng.pick([ConstraintType.mustStartOn, .mustFinishOn, .startNoLaterThan, .finishNoLaterThan])
                items[i].constraint = type
                items[i].constraintDay = days.day(type == .mustStartOn || type == .startNoLaterThan ? items[i].start : items[i].finish)
            }
        } else if rng.chance(0.3), let cutOver = chains.last?.dropFirst().first, items[cutOver].constraint == nil {
            // A cut-over window: a soft constraint, which DCMA does not count.
            items[cutOver].constraint = .startNoEarlierThan
            items[cutOver].constraintDay = days.day(items[cutOver].start)
        }
        if faults.contains(.negativeFloat), let goLive = milestones.last, milestones.count >= 3 {
            // A committed date earlier than the plan can make: MS Project's deadline (or a
            // finish-no-later-than) gives the tasks driving it negative total slack.
            if rng.chance(0.5) {
                items[goLive].deadline = days.day(items[goLive].finish - rng.int(5...25))
            } else {
                let build = milestones[2]
                items[build].constraint = .finishNoLaterThan
                items[build].constraintDay = days.day(items[build].finish - rng.int(5...25))
            }
        }

        // Progress as of the status date: work takes 1/SPI times its planned time, so a late
        // project has missed baseline finishes; a closed project finished everything by it.
        let status = statusDate.map { days.index(onOrBefore: $0) }
        var stretch = spi > 0 ? 1 / spi : 1
        if phase == .closed, let status, let end = items.map(\.finish).max() {
            stretch = min(stretch, Double(status + 1) / Double(end + 1))
        }
        var tasks: [WBSTask] = []
        var position = 0
        var future: [Int] = []   // positions in `tasks` of packages not started
        for (p, phaseTask) in phases.enumerated() {
            var summary = phaseTask
            summary.isSummary = true
            position += 1
            summary.outlinePosition = position
            tasks.append(summary)
            var k = 0
            for i in items.indices where items[i].parent == p {
                k += 1
                items[i].id = "\(phaseTask.id).\(k)"
                let item = items[i]
                position += 1
                let baselineStart = days.day(item.start), baselineFinish = days.day(item.finish)
                var task = WBSTask(id: item.id, projectId: projectId, parentId: phaseTask.id, wbs: "\(p + 1).\(k)",
                                   name: item.name, outlineLevel: 2, isMilestone: item.isMilestone,
                                   baselineStart: baselineStart, baselineFinish: baselineFinish,
                                   forecastStart: baselineStart, forecastFinish: baselineFinish, percentComplete: 0,
                                   outlinePosition: position)
                task.durationDays = Double(item.duration)
                task.remainingDurationDays = Double(item.duration)
                task.constraintType = item.constraint
                task.constraintDate = item.constraintDay
                task.deadline = item.deadline
                if let status, phase != .initiation {
                    let actualFinish = Int((Double(item.finish + 1) * stretch).rounded()) - 1
                    let actualStart = item.isMilestone ? actualFinish : min(actualFinish, Int((Double(item.start) * stretch).rounded()))
                    task.forecastStart = days.day(actualStart)
                    task.forecastFinish = days.day(actualFinish)
                    if actualFinish <= status {
                        task.actualStart = days.day(actualStart)
                        task.actualFinish = days.day(actualFinish)
                        task.percentComplete = 100
                        task.remainingDurationDays = 0
                    } else if actualStart <= status {
                        let done = Double(status - actualStart + 1) / Double(actualFinish - actualStart + 1)
                        let percent = min(99, max(1, (done * 100).rounded(.down)))
                        task.actualStart = days.day(actualStart)
                        task.percentComplete = percent
                        task.remainingDurationDays = (Double(item.duration) * (100 - percent) / 10).rounded() / 10
                    } else if !item.isMilestone {
                        future.append(tasks.count)
                    }
                }
                tasks.append(task)
            }
        }
        // Work: each phase's hours shared among its packages by duration (the last takes what
        // rounding leaves); a project with the resources fault leaves one to three without.
        var unloaded = Set<Int>()
        if faults.contains(.unresourced) {
            let packages = tasks.indices.filter { !tasks[$0].isSummary && !tasks[$0].isMilestone }
            for _ in 0..<rng.int(1...3) where !packages.isEmpty { unloaded.insert(rng.pick(packages)) }
        }
        for phaseTask in phases {
            let packages = tasks.indices.filter { tasks[$0].parentId == phaseTask.id && !tasks[$0].isMilestone }
            let total = phaseTask.workHours ?? 0
            let packageDays = packages.map { tasks[$0].durationDays ?? 0 }.reduce(0, +)
            guard total > 0, packageDays > 0 else { continue }
            var left = total
            for (n, i) in packages.enumerated() {
                let hours = n == packages.count - 1 ? left : (total * (tasks[i].durationDays ?? 0) / packageDays).rounded()
                left -= hours
                if !unloaded.contains(i) { tasks[i].workHours = hours }
            }
        }
        if faults.contains(.invalidDates), let status, let first = future.first {
            if rng.chance(0.5) {
                // Progress recorded ahead of time: an actual start after the status date.
                tasks[first].actualStart = days.day(status + rng.int(1...8))
            } else {
                // A forecast nobody updated: due to start before the status date, not started.
                tasks[first].forecastStart = days.day(status - rng.int(1...8))
            }
        }

        let byIndex = items.map(\.id)
        let taskLinks = links.map { link in
            TaskLink(projectId: projectId, predecessorId: byIndex[link.0], successorId: byIndex[link.1],
                     type: link.2, lagDays: Double(link.3))
        }
        return (tasks, taskLinks)
    }
}
