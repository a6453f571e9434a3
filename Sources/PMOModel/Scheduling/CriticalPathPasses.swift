import Days

// The forward and backward passes of the critical path method (GAO-16-89G, Best Practice 6;
// DCMA-EA PAM 200.1 (2012), "critical path"), with MS Project's rules for links, lags,
// constraints, progress and manual tasks, all date arithmetic through `WorkTimeline`.
extension CriticalPathEngine {

    // MARK: - Working-time arithmetic

    /// A constraint, deadline or actual date is a day: a start on it is the day's first working
    /// minute (the next working day's when the day is not worked); a finish on it is the end of
    /// its last working minute (the previous working day's when the day is not worked).
    func dayStart(_ d: Day, _ tl: any WorkTimeline) -> Moment {
        tl.startMoment(worked: tl.worked(at: Moment(day: d)))
    }

    func dayEnd(_ d: Day, _ tl: any WorkTimeline) -> Moment {
        tl.finishMoment(worked: tl.worked(at: Moment(day: d, minuteOfDay: Moment.minutesPerDay)))
    }

    /// A moment moved by a link's lag. MS Project counts a working lag (or lead, negative) on the
    /// successor's calendar and an elapsed lag in 24-hour time ("Link tasks in a project":
    /// lag and lead time; the MSPDI schema's `LagFormat`, elapsed formats `e...`).
    func shift(_ m: Moment, by lag: Int, elapsed: Bool, on tl: any WorkTimeline) -> Moment {
        if lag == 0 { return m }
        if elapsed { return Moment(minutes: m.minutes + lag) }
        return tl.finishMoment(worked: tl.worked(at: m) + lag)
    }

    /// The inverse of `shift`: the latest moment that, shifted by the lag, is still at or
    /// before `m`.
    func unshift(_ m: Moment, by lag: Int, elapsed: Bool, on tl: any WorkTimeline) -> Moment {
        if lag == 0 { return m }
        if elapsed { return Moment(minutes: m.minutes - lag) }
        return tl.startMoment(worked: tl.worked(at: m) - lag)
    }

    /// Where a task placed no earlier than `m` starts: the next working minute; a zero-length
    /// task (a milestone) stays at `m` when `m` is the edge of working time (MS Project shows a
    /// milestone that follows a task ending Friday 17:00 at Friday 17:00).
    func earliestStart(_ i: Int, _ m: Moment, length: Int) -> Moment {
        guard let tl = timeline[i] else { return m }
        let w = tl.worked(at: m)
        if length == 0, isWorkingEdge(m, w, tl) { return m }
        return tl.startMoment(worked: w)
    }

    /// Where a task that must finish by `m` finishes at the latest: the end of the last working
    /// minute at or before `m`; a milestone stays at `m` when `m` is the edge of working time.
    func latestFinish(_ i: Int, _ m: Moment, length: Int) -> Moment {
        guard let tl = timeline[i] else { return m }
        if tasks[i].isElapsed && length > 0 { return m }
        let w = tl.worked(at: m)
        if length == 0, isWorkingEdge(m, w, tl) { return m }
        return tl.finishMoment(worked: w)
    }

    private func isWorkingEdge(_ m: Moment, _ w: Int, _ tl: any WorkTimeline) -> Bool {
        tl.startMoment(worked: w) == m || tl.finishMoment(worked: w) == m
    }

    /// The finish of a task of `length` started at `start` (working minutes on its calendar, or
    /// elapsed minutes for an elapsed duration).
    func finish(_ i: Int, from start: Moment, length: Int) -> Moment {
        if length == 0 { return start }
        if tasks[i].isElapsed { return Moment(minutes: start.minutes + length) }
        guard let tl = timeline[i] else { return start }
        return tl.finishMoment(worked: tl.worked(at: start) + length)
    }

    /// The start of a task of `length` that finishes at `finish`.
    func start(_ i: Int, to finish: Moment, length: Int) -> Moment {
        if length == 0 { return finish }
        if tasks[i].isElapsed { return Moment(minutes: finish.minutes - length) }
        guard let tl = timeline[i] else { return finish }
        return tl.startMoment(worked: tl.worked(at: finish) - length)
    }

    // MARK: - Forward pass

    /// Early dates, predecessors first. Each link gives the successor a bound (MS Project's
    /// link types: FS and SS bind its start, FF and SF its finish, from the predecessor's finish
    /// for FS/FF and start for SS/SF, moved by the lag); the project start and, with a status
    /// date, the status date bound every unstarted task; then its constraint applies.
    func forwardPass() {
        for i in order {
            guard let tl = timeline[i] else { continue }
            let task = tasks[i]
            let length = duration[i]
            // Progress: actual dates are facts, kept as reported (MS Project replaces the
            // scheduled start and finish by the actual ones).
            if let actualFinish = task.actualFinish {
                if length == 0 {
                    // A finished milestone: at the start of its actual day, as MS Project
                    // shows one completed on a day (08:00).
                    let at = dayStart(task.actualStart ?? actualFinish, tl)
                    earlyStart[i] = at
                    earlyFinish[i] = at
                    continue
                }
                let finish = dayEnd(actualFinish, tl)
                let start = task.actualStart.map { dayStart($0, tl) } ?? self.start(i, to: finish, length: length)
                earlyStart[i] = min(start, finish)
                earlyFinish[i] = finish
                continue
            }
            if let actualStart = task.actualStart {
                let start = dayStart(actualStart, tl)
                earlyStart[i] = start
                earlyFinish[i] = resumedFinish(i, start: start, tl: tl)
                continue
            }
            if task.isManual, let ms = task.manualStart, let mf = task.manualFinish {
                // A manually scheduled task keeps the dates its owner typed.
                let start = dayStart(ms, tl)
                earlyStart[i] = start
                earlyFinish[i] = length == 0 && ms == mf ? start : max(start, dayEnd(mf, tl))
                continue
            }
            var bound = network.start
            if let status = statusMoment, status > bound { bound = status }
            // The latest finish a FF or SF link asks, as a moment.
            var finishBound: Moment?
            for e in incoming[i] {
                let edge = edges[e]
                let p = edge.predecessor
                guard schedulable[p], let ps = earlyStart[p], let pf = earlyFinish[p] else { continue }
                switch edge.type {
                case .finishToStart:
                    bound = max(bound, shift(pf, by: edge.lag, elapsed: edge.isElapsed, on: tl))
                case .startToStart:
                    bound = max(bound, shift(ps, by: edge.lag, elapsed: edge.isElapsed, on: tl))
                case .finishToFinish, .startToFinish:
                    let m = shift(edge.type == .finishToFinish ? pf : ps, by: edge.lag, elapsed: edge.isElapsed, on: tl)
                    bound = max(bound, start(i, to: m, length: length))
                    finishBound = max(finishBound ?? m, m)
                }
            }
            var es: Moment
            var ef: Moment
            // Constraints as MS Project applies them with "tasks will always honor their
            // constraint dates" (its default; "Set a constraint date for a task"): SNET/FNET
            // push the task later; MSO/MFO put it on the date whatever the links say; SNLT/FNLT
            // hold it at the date when links would push it later (the late dates then give
            // negative slack).
            let c = task.constraintDate
            switch (task.constraint, c) {
            case (.startNoEarlierThan?, let d?):
                bound = max(bound, dayStart(d, tl))
                es = earliestStart(i, bound, length: length); ef = finish(i, from: es, length: length)
            case (.finishNoEarlierThan?, let d?):
                bound = max(bound, start(i, to: dayEnd(d, tl), length: length))
                es = earliestStart(i, bound, length: length); ef = finish(i, from: es, length: length)
            case (.mustStartOn?, let d?):
                es = earliestStart(i, dayStart(d, tl), length: length); ef = finish(i, from: es, length: length)
            case (.mustFinishOn?, let d?):
                ef = dayEnd(d, tl); es = start(i, to: ef, length: length)
            case (.startNoLaterThan?, let d?):
                es = min(earliestStart(i, bound, length: length), earliestStart(i, dayStart(d, tl), length: length))
                ef = finish(i, from: es, length: length)
            case (.finishNoLaterThan?, let d?):
                es = earliestStart(i, bound, length: length); ef = finish(i, from: es, length: length)
                let limit = dayEnd(d, tl)
                if ef > limit { ef = limit; es = start(i, to: ef, length: length) }
            default:
                es = earliestStart(i, bound, length: length); ef = finish(i, from: es, length: length)
            }
            // A finish set by a FF or SF link at the start of a working period stays there: MS
            // Project shows the finish of a task whose SF predecessor starts Monday 08:00 at
            // Monday 08:00, not Friday 17:00 (mspdirelations.xml, task 5). Same working time.
            if let fb = finishBound, fb > ef, !task.isElapsed, length > 0,
               tl.worked(at: fb) == tl.worked(at: ef) { ef = fb }
            earlyStart[i] = es
            earlyFinish[i] = ef
        }
    }

    /// The finish of a started task: the part not done (the reported remaining minutes, else
    /// the duration less its percent complete) is worked from the later of the status date's
    /// end and the moment the done part would have been worked from the actual start (MS
    /// Project's remaining duration, scheduled from the status date when "move end of completed
    /// parts after status date back to status date" and its reverse are on: pmo always does).
    private func resumedFinish(_ i: Int, start: Moment, tl: any WorkTimeline) -> Moment {
        let task = tasks[i]
        let length = duration[i]
        let planned = max(0, CriticalPathEngine.bounded(task.durationMinutes ?? 0))
        let extra = length - planned
        var remaining: Int
        if let r = task.remainingMinutes {
            remaining = max(0, CriticalPathEngine.bounded(r)) + extra
        } else if let pct = task.percentComplete, pct.isFinite {
            let clamped = min(100, max(0, pct))
            remaining = Int((Double(planned) * (100 - clamped) / 100).rounded()) + extra
        } else {
            remaining = length
        }
        remaining = max(0, remaining)
        if task.isElapsed { return Moment(minutes: start.minutes + length) }
        let done = max(0, length - remaining)
        var resume = tl.worked(at: start) + done
        if let status = statusMoment, remaining > 0 { resume = max(resume, tl.worked(at: status)) }
        if remaining == 0 && done == 0 { return start }
        return tl.finishMoment(worked: resume + remaining)
    }

    // MARK: - Backward pass

    /// Late dates, successors first, from the project's finish (MS Project bounds every task's
    /// late finish by the project finish, so a task without successors finishes late at it).
    func backwardPass() {
        guard let projectEnd = projectFinish else { return }
        for i in order.reversed() {
            guard let tl = timeline[i], let es = earlyStart[i], let ef = earlyFinish[i] else { continue }
            let task = tasks[i]
            let length = span(i, es, ef)
            // MS Project: a finished task's late dates are its actual dates (slack 0, and it is
            // not critical; see `isCritical`).
            if task.actualFinish != nil {
                lateStart[i] = es
                lateFinish[i] = ef
                continue
            }
            // MS Project: a must-start-on / must-finish-on task's late dates are its constraint
            // dates, as its early dates are.
            if task.constraint == .mustStartOn || task.constraint == .mustFinishOn, task.constraintDate != nil,
               task.actualStart == nil, !(task.isManual && task.manualStart != nil && task.manualFinish != nil) {
                lateStart[i] = es
                lateFinish[i] = ef
                continue
            }
            var bound = projectEnd
            for e in outgoing[i] {
                let edge = edges[e]
                let s = edge.successor
                guard schedulable[s], let sls = lateStart[s], let slf = lateFinish[s], let stl = timeline[s] else { continue }
                switch edge.type {
                case .finishToStart:
                    bound = min(bound, unshift(sls, by: edge.lag, elapsed: edge.isElapsed, on: stl))
                case .finishToFinish:
                    bound = min(bound, unshift(slf, by: edge.lag, elapsed: edge.isElapsed, on: stl))
                case .startToStart:
                    bound = min(bound, finish(i, from: unshift(sls, by: edge.lag, elapsed: edge.isElapsed, on: stl), length: length))
                case .startToFinish:
                    bound = min(bound, finish(i, from: unshift(slf, by: edge.lag, elapsed: edge.isElapsed, on: stl), length: length))
                }
            }
            if let d = task.constraintDate {
                switch task.constraint {
                case .startNoLaterThan?: bound = min(bound, finish(i, from: dayStart(d, tl), length: length))
                case .finishNoLaterThan?: bound = min(bound, dayEnd(d, tl))
                default: break
                }
            }
            // A deadline bounds the late finish without moving the task ("Set a deadline").
            if let deadline = task.deadline { bound = min(bound, dayEnd(deadline, tl)) }
            // A manually scheduled summary task bounds its subtasks' late finish (MS Project
            // 2010: the subtasks of a manual summary finishing before the project show late
            // finishes at the summary's finish; manual-tasks-with-actuals.xml, task 17).
            if let limit = manualSummaryFinish(above: i) { bound = min(bound, limit) }
            let lf = latestFinish(i, bound, length: length)
            lateFinish[i] = lf
            // A started task's late start is its actual start (MS Project: its start no longer
            // moves; its total slack is then its finish slack, see `totalFloatOf`).
            lateStart[i] = task.actualStart != nil ? es : start(i, to: lf, length: length)
        }
    }

    /// The earliest finish of the manually scheduled summary tasks above task `i`.
    func manualSummaryFinish(above i: Int) -> Moment? {
        guard !manualSummaries.isEmpty else { return nil }
        var result: Moment?
        var p = tasks[i].parentId
        var steps = 0
        while let id = p, let j = index[id], steps <= count {
            if tasks[j].isManual, isSummary[j], let f = earlyFinish[j] { result = min(result ?? f, f) }
            p = tasks[j].parentId
            steps += 1
        }
        return result
    }

    /// Manually scheduled summary tasks keep the dates their owner typed (MS Project 2010's
    /// manual summaries are not rolled up); their late dates are those dates.
    func placeManualSummaries() {
        for i in 0..<count where isSummary[i] && tasks[i].isManual {
            guard let ms = tasks[i].manualStart, let mf = tasks[i].manualFinish, let tl = timeline[i] else { continue }
            let start = dayStart(ms, tl)
            earlyStart[i] = start
            earlyFinish[i] = max(start, dayEnd(mf, tl))
            lateStart[i] = earlyStart[i]
            lateFinish[i] = earlyFinish[i]
            manualSummaries.append(i)
        }
    }

    /// The length the passes use for a scheduled task: working minutes from its early start to
    /// its early finish (elapsed minutes for an elapsed duration), which for a started or
    /// finished task is what its actual dates and remaining work make it.
    func span(_ i: Int, _ es: Moment, _ ef: Moment) -> Int {
        if tasks[i].isElapsed { return ef.minutes - es.minutes }
        guard let tl = timeline[i] else { return 0 }
        return max(0, tl.worked(at: ef) - tl.worked(at: es))
    }

    // MARK: - Floats

    /// Total float (MS Project's total slack: the smaller of start slack and finish slack, in
    /// working minutes of the task's calendar) and free float (the slack before the earliest
    /// successor-driven date, against the successors' early dates; for a task without
    /// successors, against the project finish; never above total float, never negative, as
    /// MS Project's `FreeSlack`).
    func computeFloats() {
        for i in order {
            totalFloat[i] = totalFloatOf(i)
            freeFloat[i] = freeFloatOf(i).map { ff in max(0, min(ff, totalFloat[i] ?? ff)) }
        }
    }

    /// The time from `a` to `b` as task `i` measures its slack: working minutes of its calendar,
    /// or, for a task of elapsed duration, elapsed minutes (MS Project reports an elapsed task's
    /// `TotalSlack` and `FreeSlack` in 24-hour time: mspdiduration.xml, tasks 6 to 9).
    func between(_ i: Int, _ a: Moment, _ b: Moment) -> Int {
        if tasks[i].isElapsed { return b.minutes - a.minutes }
        guard let tl = timeline[i] else { return 0 }
        return tl.worked(at: b) - tl.worked(at: a)
    }

    func totalFloatOf(_ i: Int) -> Int? {
        guard timeline[i] != nil, let es = earlyStart[i], let ef = earlyFinish[i],
              let ls = lateStart[i], let lf = lateFinish[i] else { return nil }
        let startSlack = between(i, es, ls)
        let finishSlack = between(i, ef, lf)
        if !isSummary[i] && tasks[i].actualStart != nil { return finishSlack }
        return min(startSlack, finishSlack)
    }

    /// The raw free float of task `i` (before the caps), and the relation slack of each link.
    func freeFloatOf(_ i: Int) -> Int? {
        guard timeline[i] != nil, let ef = earlyFinish[i] else { return nil }
        var result: Int?
        for e in outgoing[i] {
            guard let slack = relationSlack(e) else { continue }
            result = min(result ?? slack, slack)
        }
        if result == nil, let end = projectFinish {
            result = between(i, ef, end)
        }
        return result
    }

    /// Working minutes (predecessor's calendar) by which link `e`'s predecessor could slip
    /// before the link moved its successor's early dates; zero for a driving link.
    func relationSlack(_ e: Int) -> Int? {
        let edge = edges[e]
        let p = edge.predecessor, s = edge.successor
        guard schedulable[s], timeline[p] != nil, let stl = timeline[s],
              let ps = earlyStart[p], let pf = earlyFinish[p],
              let ss = earlyStart[s], let sf = earlyFinish[s] else { return nil }
        switch edge.type {
        case .finishToStart:
            return between(p, pf, unshift(ss, by: edge.lag, elapsed: edge.isElapsed, on: stl))
        case .finishToFinish:
            return between(p, pf, unshift(sf, by: edge.lag, elapsed: edge.isElapsed, on: stl))
        case .startToStart:
            return between(p, ps, unshift(ss, by: edge.lag, elapsed: edge.isElapsed, on: stl))
        case .startToFinish:
            return between(p, ps, unshift(sf, by: edge.lag, elapsed: edge.isElapsed, on: stl))
        }
    }

    /// As-late-as-possible tasks (MS Project: scheduled as late as they can be without delaying
    /// their successors, i.e. moved by their free float), successors first so a chain of them
    /// moves together; the floats are computed again afterwards.
    func placeAsLateAsPossible() {
        guard tasks.contains(where: { $0.constraint == .asLateAsPossible }) else { return }
        for i in order.reversed() {
            let task = tasks[i]
            guard task.constraint == .asLateAsPossible, task.actualStart == nil, task.actualFinish == nil,
                  !task.isManual, let tl = timeline[i], let es = earlyStart[i], let ef = earlyFinish[i],
                  let slack = freeFloatOf(i), let tf = totalFloatOf(i) else { continue }
            let move = min(slack, tf)
            guard move > 0, !task.isElapsed else { continue }
            let length = span(i, es, ef)
            let newFinish = tl.finishMoment(worked: tl.worked(at: ef) + move)
            earlyFinish[i] = length == 0 ? latestFinish(i, newFinish, length: 0) : newFinish
            earlyStart[i] = start(i, to: earlyFinish[i] ?? newFinish, length: length)
        }
        computeFloats()
    }
}
