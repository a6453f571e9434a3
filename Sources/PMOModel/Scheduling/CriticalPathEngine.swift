import Days

/// One link between two leaf tasks, after links to and from summary tasks have been spread
/// over their subtasks (MS Project: a link to a summary task binds every subtask).
struct EngineEdge {
    var predecessor: Int
    var successor: Int
    var type: LinkType
    /// The lag in minutes: working minutes on the successor's calendar, elapsed minutes when
    /// `isElapsed`; a percent lag already resolved against the predecessor's duration.
    var lag: Int
    var isElapsed: Bool
}

/// The state of one run of the critical path method (see `CriticalPath`): arrays indexed by a
/// task's position in the network.
///
/// The arrays skip Swift's dynamic exclusivity checks (`@exclusivity(unchecked)`), which took
/// about 12% of a 10,000-task run (`perf`, pmo-cpm-bench): one engine runs on one thread,
/// and no access to an array overlaps another access to it.
final class CriticalPathEngine {
    let network: ScheduleNetwork
    let tasks: [ScheduleTask]
    let count: Int
    var problems: [ScheduleProblem] = []

    /// Position of each task id (the first task of a repeated id).
    @exclusivity(unchecked) var index: [String: Int] = [:]
    @exclusivity(unchecked) var children: [[Int]]
    /// A task with subtasks in the network: rolled up, never scheduled itself.
    @exclusivity(unchecked) var isSummary: [Bool]
    /// The timeline each task works on; nil only when even the standard calendar is missing.
    @exclusivity(unchecked) var timeline: [(any WorkTimeline)?]
    @exclusivity(unchecked) var projectTimeline: (any WorkTimeline)?
    /// Duration in minutes (working, or elapsed when the task's duration is elapsed), with
    /// the delays added.
    @exclusivity(unchecked) var duration: [Int]
    /// Leaf tasks the passes schedule (not summary, not on a cycle, with a duration).
    @exclusivity(unchecked) var schedulable: [Bool]
    @exclusivity(unchecked) var outgoing: [[Int]]
    @exclusivity(unchecked) var incoming: [[Int]]
    @exclusivity(unchecked) var edges: [EngineEdge] = []
    /// Schedulable leaves, predecessors first.
    @exclusivity(unchecked) var order: [Int] = []
    /// Manually scheduled summary tasks with both dates: MS Project keeps their dates.
    @exclusivity(unchecked) var manualSummaries: [Int] = []

    @exclusivity(unchecked) var earlyStart: [Moment?]
    @exclusivity(unchecked) var earlyFinish: [Moment?]
    @exclusivity(unchecked) var lateStart: [Moment?]
    @exclusivity(unchecked) var lateFinish: [Moment?]
    @exclusivity(unchecked) var totalFloat: [Int?]
    @exclusivity(unchecked) var freeFloat: [Int?]
    @exclusivity(unchecked) var hasOpenStart: [Bool]
    @exclusivity(unchecked) var hasOpenFinish: [Bool]
    @exclusivity(unchecked) var projectFinish: Moment?
    /// The end of the status day: unstarted work starts no earlier, started work resumes then.
    let statusMoment: Moment?

    init(network: ScheduleNetwork, calendars: any WorkTimelines, delays: [String: Int]) {
        self.network = network
        self.tasks = network.tasks
        self.count = network.tasks.count
        children = Array(repeating: [], count: count)
        isSummary = Array(repeating: false, count: count)
        timeline = Array(repeating: nil, count: count)
        duration = Array(repeating: 0, count: count)
        schedulable = Array(repeating: false, count: count)
        outgoing = Array(repeating: [], count: count)
        incoming = Array(repeating: [], count: count)
        earlyStart = Array(repeating: nil, count: count)
        earlyFinish = Array(repeating: nil, count: count)
        lateStart = Array(repeating: nil, count: count)
        lateFinish = Array(repeating: nil, count: count)
        totalFloat = Array(repeating: nil, count: count)
        freeFloat = Array(repeating: nil, count: count)
        hasOpenStart = Array(repeating: false, count: count)
        hasOpenFinish = Array(repeating: false, count: count)
        if let status = network.statusDate {
            // The status date's end: MS Project's status date is a day; work done "as of" it
            // includes the day itself.
            statusMoment = Moment(day: status, minuteOfDay: Moment.minutesPerDay)
        } else {
            statusMoment = nil
        }
        for (i, task) in tasks.enumerated() where index[task.id] == nil { index[task.id] = i }
        resolveCalendars(calendars)
        buildOutline()
        resolveDurations(delays)
    }

    // MARK: - Setup

    /// Durations, lags and delays are held within 200 years of minutes, so no sum of them
    /// overflows whatever the data says (a timeline answers at its horizon beyond that).
    static let maximumMinutes = 200 * 366 * Moment.minutesPerDay

    static func bounded(_ minutes: Int) -> Int { min(max(minutes, -maximumMinutes), maximumMinutes) }

    private func resolveCalendars(_ calendars: any WorkTimelines) {
        var cache: [String: (any WorkTimeline)?] = [:]
        let standard = calendars.timeline(for: nil)
        var project = standard
        if let id = network.calendarId {
            if let found = calendars.timeline(for: id) {
                project = found
            } else {
                problems.append(ScheduleProblem(kind: .unknownCalendar, taskIds: [],
                    message: "project \(network.projectId): calendar \(id) not found; the standard calendar is used"))
            }
            cache[id] = project
        }
        if project == nil {
            problems.append(ScheduleProblem(kind: .unknownCalendar, taskIds: [],
                message: "project \(network.projectId): no standard calendar; nothing can be scheduled"))
        }
        projectTimeline = project
        var missing: [String: [String]] = [:]
        for i in 0..<count {
            guard let id = tasks[i].calendarId else { timeline[i] = project; continue }
            if let cached = cache[id] {
                timeline[i] = cached ?? project
                if cached == nil { missing[id, default: []].append(tasks[i].id) }
                continue
            }
            let found = calendars.timeline(for: id)
            cache[id] = .some(found)
            timeline[i] = found ?? project
            if found == nil { missing[id, default: []].append(tasks[i].id) }
        }
        for id in missing.keys.sorted() {
            let ids = missing[id] ?? []
            problems.append(ScheduleProblem(kind: .unknownCalendar, taskIds: ids,
                message: "calendar \(id) not found; \(ids.count) task(s) use the project's calendar"))
        }
    }

    private func buildOutline() {
        for i in 0..<count {
            if let parent = tasks[i].parentId, let p = index[parent], p != i {
                children[p].append(i)
            }
        }
        // A task is a summary when it has subtasks in the network (a task flagged summary
        // with none left is scheduled from its own duration).
        for i in 0..<count { isSummary[i] = !children[i].isEmpty }
    }

    private func resolveDurations(_ delays: [String: Int]) {
        var noDuration: [String] = []
        for i in 0..<count where !isSummary[i] {
            let task = tasks[i]
            let extra = delays.isEmpty ? 0 : CriticalPathEngine.bounded(delays[task.id] ?? 0)
            if let d = task.durationMinutes {
                duration[i] = max(0, CriticalPathEngine.bounded(d) + extra)
                schedulable[i] = timeline[i] != nil
            } else if task.isMilestone || (task.isManual && task.manualStart != nil && task.manualFinish != nil)
                        || task.actualFinish != nil {
                duration[i] = max(0, extra)
                schedulable[i] = timeline[i] != nil
            } else {
                noDuration.append(task.id)
            }
        }
        if !noDuration.isEmpty {
            problems.append(ScheduleProblem(kind: .noDuration, taskIds: noDuration,
                message: "\(noDuration.count) task(s) have no duration and are left unscheduled"))
        }
    }

    /// The leaf tasks under `i` (itself when it is a leaf).
    func leaves(of i: Int) -> [Int] {
        if !isSummary[i] { return [i] }
        var result: [Int] = []
        var stack = [i]
        var seen = Set<Int>()
        while let t = stack.popLast() {
            guard seen.insert(t).inserted else { continue }
            if isSummary[t] { stack.append(contentsOf: children[t].reversed()) } else { result.append(t) }
        }
        return result
    }

    // MARK: - Run

    func run() -> ScheduleResult {
        buildEdges()
        orderTasks()
        if projectTimeline != nil {
            forwardPass()
            placeManualSummaries()
            projectFinish = (order + manualSummaries).compactMap { earlyFinish[$0] }.max()
            backwardPass()
            computeFloats()
            placeAsLateAsPossible()
            rollUpSummaries()
        }
        markOpenEnds()
        let paths = criticalPaths()
        var length: Int?
        if let finish = projectFinish, let tl = projectTimeline {
            length = tl.worked(at: finish) - tl.worked(at: network.start)
        }
        var scheduled: [ScheduledTask] = []
        scheduled.reserveCapacity(count)
        for i in 0..<count {
            scheduled.append(ScheduledTask(id: tasks[i].id, earlyStart: earlyStart[i], earlyFinish: earlyFinish[i],
                                           lateStart: lateStart[i], lateFinish: lateFinish[i],
                                           totalFloatMinutes: totalFloat[i], freeFloatMinutes: freeFloat[i],
                                           isCritical: isCritical(i),
                                           hasOpenStart: hasOpenStart[i], hasOpenFinish: hasOpenFinish[i]))
        }
        return ScheduleResult(projectId: network.projectId, tasks: scheduled, start: network.start,
                              finish: projectFinish, criticalPaths: paths, criticalPathLengthMinutes: length,
                              problems: problems)
    }

    /// MS Project: a task is critical when its total slack is at or below zero ("tasks are
    /// critical if slack is less than or equal to 0 days", its default) and it is not complete
    /// (a finished task is never critical: the MSPDI files' `Critical` is 0 for every task with
    /// an actual finish).
    func isCritical(_ i: Int) -> Bool {
        guard let tf = totalFloat[i], tasks[i].actualFinish == nil || isSummary[i] else { return false }
        return tf <= 0
    }

    // MARK: - Links and order

    private func buildEdges() {
        var unknown: [String] = []
        var selfLinked: [String] = []
        for link in network.links {
            guard let p = index[link.predecessorId], let s = index[link.successorId] else {
                unknown.append(index[link.predecessorId] == nil ? link.predecessorId : link.successorId)
                continue
            }
            func add(_ a: Int, _ b: Int) {
                if a == b { selfLinked.append(tasks[a].id); return }
                var lag = CriticalPathEngine.bounded(link.lagMinutes)
                if let percent = link.percent {
                    // MS Project's percent lag: a percent of the predecessor's duration.
                    let minutes = percent / 100 * Double(duration[a])
                    lag = minutes.isFinite ? CriticalPathEngine.bounded(Int(exactly: minutes.rounded()) ?? 0) : 0
                    if abs(minutes) > Double(CriticalPathEngine.maximumMinutes) {
                        lag = minutes > 0 ? CriticalPathEngine.maximumMinutes : -CriticalPathEngine.maximumMinutes
                    }
                }
                let e = edges.count
                edges.append(EngineEdge(predecessor: a, successor: b, type: link.type, lag: lag,
                                        isElapsed: link.isElapsed))
                outgoing[a].append(e)
                incoming[b].append(e)
            }
            if !isSummary[p] && !isSummary[s] {
                add(p, s)
            } else {
                let successors = leaves(of: s)
                for a in leaves(of: p) {
                    for b in successors { add(a, b) }
                }
            }
        }
        if !unknown.isEmpty {
            var seen = Set<String>()
            let ids = unknown.filter { seen.insert($0).inserted }
            problems.append(ScheduleProblem(kind: .unknownTask, taskIds: ids,
                message: "links name \(ids.count) task(s) not in project \(network.projectId); those links are ignored"))
        }
        if !selfLinked.isEmpty {
            var seen = Set<String>()
            let ids = selfLinked.filter { seen.insert($0).inserted }
            for id in ids { if let i = index[id] { schedulable[i] = false } }
            problems.append(ScheduleProblem(kind: .cycle, taskIds: ids,
                message: "task(s) linked to themselves (directly or through a summary task): \(ids.joined(separator: ", "))"))
        }
    }

    /// Kahn's algorithm over the schedulable leaves; the tasks it cannot order lie on or after a
    /// cycle. Those on a cycle (strongly connected components of more than one task) are
    /// reported and left unscheduled, and the rest is ordered again without them.
    private func orderTasks() {
        order = kahn()
        let remaining = (0..<count).filter { schedulable[$0] && !isSummary[$0] }.count
        guard order.count < remaining else { return }
        var ordered = [Bool](repeating: false, count: count)
        for i in order { ordered[i] = true }
        let rest = (0..<count).filter { schedulable[$0] && !ordered[$0] }
        for component in stronglyConnected(rest) where component.count > 1 {
            for i in component { schedulable[i] = false }
            let ids = component.sorted().map { tasks[$0].id }
            problems.append(ScheduleProblem(kind: .cycle, taskIds: ids,
                message: "links form a loop through \(ids.joined(separator: ", ")); these tasks are left unscheduled"))
        }
        order = kahn()
    }

    private func kahn() -> [Int] {
        var indegree = [Int](repeating: 0, count: count)
        for e in edges where schedulable[e.predecessor] && schedulable[e.successor] {
            indegree[e.successor] += 1
        }
        var queue: [Int] = []
        queue.reserveCapacity(count)
        for i in 0..<count where schedulable[i] && indegree[i] == 0 { queue.append(i) }
        var head = 0
        while head < queue.count {
            let t = queue[head]
            head += 1
            for e in outgoing[t] {
                let s = edges[e].successor
                guard schedulable[s] else { continue }
                indegree[s] -= 1
                if indegree[s] == 0 { queue.append(s) }
            }
        }
        return queue
    }

    /// Tarjan's strongly connected components over `nodes` (iterative, no recursion depth).
    private func stronglyConnected(_ nodes: [Int]) -> [[Int]] {
        var inSet = [Bool](repeating: false, count: count)
        for n in nodes { inSet[n] = true }
        var number = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        for root in nodes where number[root] < 0 {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            number[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while var frame = work.popLast() {
                let v = frame.node
                var descended = false
                while frame.next < outgoing[v].count {
                    let w = edges[outgoing[v][frame.next]].successor
                    frame.next += 1
                    guard inSet[w] else { continue }
                    if number[w] < 0 {
                        work.append(frame)
                        number[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                        descended = true
                        break
                    } else if onStack[w] {
                        low[v] = min(low[v], number[w])
                    }
                }
                if descended { continue }
                if low[v] == number[v] {
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    components.append(component)
                }
                if let parent = work.last {
                    low[parent.node] = min(low[parent.node], low[v])
                }
            }
        }
        return components
    }
}
