import Days

// Summary roll-up, open ends and critical paths, after the passes.
extension CriticalPathEngine {

    /// Summary tasks: MS Project rolls their dates up from their subtasks (earliest early start,
    /// latest early finish, earliest late start, latest late finish); their total float is the
    /// smaller of start and finish slack on those dates, like any task's; their free float
    /// equals their total float. Deepest summaries first.
    func rollUpSummaries() {
        var depth = [Int](repeating: 0, count: count)
        for i in 0..<count where isSummary[i] {
            var d = 0
            var p = tasks[i].parentId
            while let id = p, let j = index[id], d <= count {
                d += 1
                p = tasks[j].parentId
            }
            depth[i] = d
        }
        let summaries = (0..<count).filter { isSummary[$0] }.sorted { depth[$0] > depth[$1] }
        let manual = Set(manualSummaries)
        for i in summaries {
            if !manual.contains(i) {
                var es: Moment?, ef: Moment?, ls: Moment?, lf: Moment?
                for c in children[i] {
                    // A manually scheduled subtask does not move: MS Project rolls its
                    // scheduled dates, not its late dates, into the summary's late dates
                    // (manual-tasks-with-actuals.xml, summaries 7 and 10).
                    let pinned = !isSummary[c] && tasks[c].isManual && tasks[c].manualStart != nil
                        && tasks[c].manualFinish != nil
                    if let v = earlyStart[c] { es = min(es ?? v, v) }
                    if let v = earlyFinish[c] { ef = max(ef ?? v, v) }
                    if let v = pinned ? earlyStart[c] : lateStart[c] { ls = min(ls ?? v, v) }
                    if let v = pinned ? earlyFinish[c] : lateFinish[c] { lf = max(lf ?? v, v) }
                }
                earlyStart[i] = es
                earlyFinish[i] = ef
                lateStart[i] = ls
                lateFinish[i] = lf
            }
            totalFloat[i] = totalFloatOf(i)
            // MS Project reports a summary's free slack equal to its total slack (every summary
            // task of the shared MSPDI corpus, 100 of them, has FreeSlack = TotalSlack).
            freeFloat[i] = totalFloat[i]
        }
    }

    /// Open ends: a task with no predecessor (no link into it or into a summary above it) has an
    /// open start; one with no successor an open finish. A summary task is open when no link
    /// enters (leaves) the group of its subtasks from (to) a task outside it.
    func markOpenEnds() {
        for i in 0..<count where !isSummary[i] {
            hasOpenStart[i] = incoming[i].isEmpty
            hasOpenFinish[i] = outgoing[i].isEmpty
        }
        var member = [Int](repeating: -1, count: count)
        for i in 0..<count where isSummary[i] {
            let group = leaves(of: i)
            for l in group { member[l] = i }
            var entered = false, left = false
            for l in group {
                if !entered { entered = incoming[l].contains { member[edges[$0].predecessor] != i } }
                if !left { left = outgoing[l].contains { member[edges[$0].successor] != i } }
                if entered && left { break }
            }
            hasOpenStart[i] = !entered
            hasOpenFinish[i] = !left
        }
    }

    /// The critical paths: chains of critical leaf tasks (total float at or below zero) joined by
    /// driving links (relation slack at or below zero: the link sets the successor's early
    /// dates), from a task no critical link drives to one that drives no critical task. At most
    /// `CriticalPath.maximumCriticalPaths` are enumerated (from the earliest-starting chains);
    /// they are ordered longest first (working minutes on the project calendar from the first
    /// task's early start to the last one's early finish), then by task count, then by the
    /// network order of their tasks.
    func criticalPaths() -> [[String]] {
        let critical = (0..<count).map { schedulable[$0] && !isSummary[$0] && (totalFloat[$0].map { $0 <= 0 } ?? false) }
        var next = [[Int]](repeating: [], count: count)
        var driven = [Bool](repeating: false, count: count)
        for e in edges.indices {
            let p = edges[e].predecessor, s = edges[e].successor
            guard critical[p], critical[s], let slack = relationSlack(e), slack <= 0 else { continue }
            if !next[p].contains(s) { next[p].append(s) }
            driven[s] = true
        }
        let starts = order.filter { critical[$0] && !driven[$0] }
        let limit = CriticalPath.maximumCriticalPaths
        var paths: [[Int]] = []
        var path: [Int] = []
        var stack: [(node: Int, next: Int)] = []
        outer: for s in starts {
            stack = [(s, 0)]
            path = [s]
            while let top = stack.last {
                let successors = next[top.node]
                if successors.isEmpty {
                    paths.append(path)
                    if paths.count >= limit { break outer }
                }
                if top.next < successors.count {
                    stack[stack.count - 1].next += 1
                    let n = successors[top.next]
                    if path.contains(n) { continue }
                    stack.append((n, 0))
                    path.append(n)
                } else {
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
        guard let tl = projectTimeline else { return [] }
        func length(_ p: [Int]) -> Int {
            guard let first = p.first, let last = p.last, let s = earlyStart[first], let f = earlyFinish[last] else { return 0 }
            return tl.worked(at: f) - tl.worked(at: s)
        }
        let ranked = paths.map { (path: $0, length: length($0)) }.sorted { a, b in
            if a.length != b.length { return a.length > b.length }
            if a.path.count != b.path.count { return a.path.count > b.path.count }
            return a.path.lexicographicallyPrecedes(b.path)
        }
        return ranked.map { $0.path.map { tasks[$0].id } }
    }
}
