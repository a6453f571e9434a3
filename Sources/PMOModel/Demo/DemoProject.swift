/// Generates one demo project and everything hanging off it.
///
/// Each project has a hidden "true" performance (`cpi`, `spi`); the time-phased values follow
/// from it and the reported RAG follows from the values, except for the false green.
struct DemoProject {
    let index: Int
    let id: String
    let statusDate: Day
    let pool: [String]
    let total: Int
    /// Seeds the project's own stream for its schedule network (`DemoNetwork`), so that the
    /// network's draws leave the portfolio's stream, and every other figure, as they were.
    let networkSeed: UInt64

    static let phasesInOrder: [Phase] = [.execution, .planning, .execution, .initiation, .closing, .closed, .cancelled, .execution]
    static let taskNames = ["Initiation", "Design", "Build", "Test", "Deployment"]
    static let taskWeights = [0.05, 0.2, 0.45, 0.2, 0.1]

    mutating func build(into data: inout Dataset, rng: inout SplitMix64) {
        // The first projects cover every phase; later ones draw mostly "execution".
        let phase = index <= DemoProject.phasesInOrder.count ? DemoProject.phasesInOrder[index - 1]
            : rng.pick(DemoProject.phasesInOrder)
        let portfolio = DemoPortfolio.portfolioIds[(index - 1) % 3]
        let durationMonths = rng.int(8...24)
        let elapsed: Double = switch phase {
        case .initiation: -rng.double(1...4)
        case .planning: rng.double(0...1)
        case .execution: rng.double(0.2...0.85) * Double(durationMonths)
        case .closing: rng.double(0.95...1.1) * Double(durationMonths)
        case .closed: rng.double(1.3...1.8) * Double(durationMonths)
        case .cancelled: rng.double(0.3...0.6) * Double(durationMonths)
        }
        let startMonth = statusDate.addingMonths(-Int(elapsed.rounded(.up)))
        let firstMonthStart = Day(year: startMonth.year, month: startMonth.month, day: 1)!
        let bac = (rng.double(200_000...5_000_000) / 1000).rounded() * 1000

        // Trouble: roughly one project in six is late, one in six over budget; the third
        // project is both and still reports green (the false green).
        var spi = rng.double(0.93...1.05), cpi = rng.double(0.94...1.05)
        let falseGreen = index == DemoPortfolio.falseGreenIndex
        if falseGreen || rng.chance(0.17) { spi = rng.double(0.68...0.82) }
        if falseGreen || rng.chance(0.17) { cpi = rng.double(0.72...0.85) }

        let baselineFinish = firstMonthStart.addingMonths(durationMonths - 1).endOfMonth
        let stopDay: Day? = phase == .cancelled ? statusDate.addingMonths(-1).endOfMonth : nil
        let series = timephased(bac: bac, months: durationMonths, firstMonthStart: firstMonthStart,
                                spi: spi, cpi: cpi, stop: stopDay, rng: &rng)
        data.timephased += series.rows
        let phaseTasks = addTaskSplit(of: series.rows, into: &data, firstMonthStart: firstMonthStart, months: durationMonths, phase: phase)

        let slipMonths = Int((Double(durationMonths) * (1 / spi - 1)).rounded())
        let forecastFinish = baselineFinish.addingMonths(slipMonths).endOfMonth
        let started = firstMonthStart <= statusDate
        let manager = DemoProject.person(&rng)
        var project = Project(
            id: id, name: "\(rng.pick(DemoNames.adjectives)) \(rng.pick(DemoNames.nouns)) \(index)",
            description: "Demo project \(index)", portfolioId: portfolio,
            programId: rng.chance(0.7) ? "\(portfolio)-P\(rng.int(1...2))" : nil,
            manager: manager, sponsor: DemoProject.person(&rng), phase: phase,
            methodology: rng.pick(["waterfall", "waterfall", "agile", "hybrid"]), priority: rng.int(1...5),
            baselineStart: firstMonthStart, baselineFinish: baselineFinish,
            forecastStart: firstMonthStart, forecastFinish: forecastFinish,
            actualStart: started ? firstMonthStart : nil, actualFinish: nil, bac: bac,
            statusDate: started ? min(statusDate, series.lastReported ?? statusDate) : nil)
        if phase == .closed { project.actualFinish = series.lastReported; project.forecastFinish = series.lastReported }
        if phase == .cancelled { project.actualFinish = stopDay }
        data.projects.append(project)
        var networkRng = SplitMix64(seed: networkSeed)
        let network = DemoNetwork(projectId: id, phases: phaseTasks, spi: spi, phase: phase, statusDate: project.statusDate)
            .build(rng: &networkRng)
        data.tasks += network.tasks
        data.taskLinks += network.links
        data.customFields.append(CustomField(entity: "projects", entityId: id, name: "cost_centre",
                                             value: "CC-\(100 + index % 17)"))
        for criterion in ["strategic_fit", "customer_value", "risk_reduction"] {
            data.strategicScores.append(StrategicScore(projectId: id, criterion: criterion, score: Double(rng.int(1...5))))
        }

        addBaselines(into: &data, bac: bac, start: firstMonthStart, finish: baselineFinish, rng: &rng)
        addStatusReports(into: &data, series: series.rows, created: firstMonthStart.addingMonths(-3),
                         until: project.actualFinish ?? statusDate, falseGreen: falseGreen, manager: manager, rng: &rng)
        addMilestones(into: &data, start: firstMonthStart, months: durationMonths, slipMonths: slipMonths)
        addRegisters(into: &data, bac: bac, start: firstMonthStart, rng: &rng)
        addPeople(into: &data, manager: manager, start: firstMonthStart, finish: forecastFinish, bac: bac, rng: &rng)
        addGateEvidence(into: &data, phase: phase, start: firstMonthStart, rng: &rng)
        if project.methodology != "waterfall" && started { addWorkItems(into: &data, start: firstMonthStart, rng: &rng) }
    }

    /// Cumulative monthly PV along an S-curve over the baseline; EV and AC up to the status
    /// date (or the stop), running past the baseline finish while a late project is unfinished.
    func timephased(bac: Double, months: Int, firstMonthStart: Day, spi: Double, cpi: Double, stop: Day?,
                    rng: inout SplitMix64) -> (rows: [TimephasedValue], lastReported: Day?) {
        var rows: [TimephasedValue] = []
        var lastReported: Day?
        let reportLimit = min(stop ?? statusDate, statusDate)
        var k = 0
        var ac = 0.0
        while true {
            let periodEnd = firstMonthStart.addingMonths(k).endOfMonth
            let planned = k < months ? DemoProject.sCurve(Double(k + 1) / Double(months)) * bac : bac
            var row = TimephasedValue(projectId: id, periodEnd: periodEnd, pv: DemoProject.cents(planned))
            var finished = false
            if periodEnd <= reportLimit {
                let progress = min(1, Double(k + 1) / Double(months) * spi)
                let ev = DemoProject.cents(DemoProject.sCurve(progress) * bac)
                let increment = ev - (rows.last?.ev ?? 0)
                ac += increment / cpi * rng.double(0.97...1.03)
                row.ev = ev
                row.ac = DemoProject.cents(ac)
                lastReported = periodEnd
                finished = progress >= 1
            }
            rows.append(row)
            k += 1
            if k >= months && (finished || periodEnd >= reportLimit) { break }
        }
        return (rows, lastReported)
    }

    /// Five WBS phase tasks, each carrying its fixed share of the project's time-phased values
    /// (appended to `data`); the tasks are returned for `DemoNetwork` to put work under them.
    func addTaskSplit(of rows: [TimephasedValue], into data: inout Dataset, firstMonthStart: Day, months: Int,
                      phase: Phase) -> [WBSTask] {
        var tasks: [WBSTask] = []
        let slice = max(1, months / DemoProject.taskNames.count)
        for (t, name) in DemoProject.taskNames.enumerated() {
            let taskId = "\(id)/T\(t + 1)"
            let w = DemoProject.taskWeights[t]
            let start = firstMonthStart.addingMonths(t * slice)
            let finish = t == DemoProject.taskNames.count - 1
                ? firstMonthStart.addingMonths(months - 1).endOfMonth
                : firstMonthStart.addingMonths((t + 1) * slice - 1).endOfMonth
            let earned = rows.last(where: { $0.ev != nil })?.ev ?? 0
            let bac = rows.last?.pv ?? 0
            let percent = bac > 0 ? (min(1, earned / bac) * 100 * 10).rounded() / 10 : 0
            tasks.append(WBSTask(
                id: taskId, projectId: id, wbs: "\(t + 1)", name: name, outlineLevel: 1,
                baselineStart: start, baselineFinish: finish, forecastStart: start, forecastFinish: finish,
                actualStart: start <= statusDate && phase != .initiation ? start : nil,
                percentComplete: percent, workHours: (bac * w / 95).rounded(), cost: DemoProject.cents(bac * w),
                outlinePosition: t + 1))
            for row in rows {
                data.timephased.append(TimephasedValue(
                    projectId: id, taskId: taskId, periodEnd: row.periodEnd, pv: DemoProject.cents(row.pv * w),
                    ev: row.ev.map { DemoProject.cents($0 * w) }, ac: row.ac.map { DemoProject.cents($0 * w) }))
            }
        }
        return tasks
    }

    func addBaselines(into data: inout Dataset, bac: Double, start: Day, finish: Day, rng: inout SplitMix64) {
        let setOn = start.adding(days: -14)
        data.baselines.append(Baseline(id: "\(id)/B0", projectId: id, number: 0, setOn: setOn, start: start,
                                       finish: finish, cost: bac, reason: "Initial baseline"))
        // Some projects were re-baselined half-way: a later finish and a bigger budget.
        let midway = start.addingMonths(max(1, start.days(to: finish) / 60))
        if midway < statusDate && rng.chance(0.2) {
            data.baselines.append(Baseline(id: "\(id)/B1", projectId: id, number: 1, setOn: midway, start: start,
                                           finish: finish.addingMonths(2).endOfMonth, cost: DemoProject.cents(bac * 1.1),
                                           reason: "Approved change: scope extension"))
        }
    }

    func addStatusReports(into data: inout Dataset, series: [TimephasedValue], created: Day, until: Day,
                          falseGreen: Bool, manager: String, rng: inout SplitMix64) {
        let byEnd = Dictionary(series.map { ($0.periodEnd, $0) }, uniquingKeysWith: { a, _ in a })
        for back in stride(from: 11, through: 0, by: -1) {
            let date = statusDate.addingMonths(-back).endOfMonth
            guard date >= created, date <= until.endOfMonth else { continue }
            var schedule = RAG.green, cost = RAG.green
            if let row = byEnd[date], let ev = row.ev, let ac = row.ac {
                schedule = DemoProject.rag(row.pv > 0 ? ev / row.pv : 1)
                cost = DemoProject.rag(ac > 0 ? ev / ac : 1)
            }
            if falseGreen { schedule = .green; cost = .green }
            // Reporting is optimistic: now and then a project reports one shade better.
            if rng.chance(0.1), schedule == .amber { schedule = .green }
            let overall = max(schedule, cost)
            let scope: RAG = rng.chance(0.1) ? .amber : .green
            data.statusReports.append(StatusReport(
                id: "\(id)/S\(date)", projectId: id, reportDate: date, overall: overall, schedule: schedule, cost: cost,
                scope: scope, quality: rng.chance(0.08) ? .amber : .green,
                summary: overall == .green ? "On track." : "Behind plan; recovery actions agreed.", author: manager))
        }
    }

    func addMilestones(into data: inout Dataset, start: Day, months: Int, slipMonths: Int) {
        let names = ["Requirements signed off", "Design approved", "Go-live", "Project closed"]
        for (m, name) in names.enumerated() {
            let baseline = start.addingMonths(max(0, months * (m + 1) / names.count - 1)).endOfMonth
            let slip = slipMonths * (m + 1) / names.count
            let forecast = baseline.addingMonths(slip).endOfMonth
            data.milestones.append(Milestone(id: "\(id)/M\(m + 1)", projectId: id, name: name, baselineDate: baseline,
                                             forecastDate: forecast, actualDate: forecast <= statusDate ? forecast : nil))
        }
        let due = start.addingMonths(months - 1).endOfMonth
        data.deliverables.append(Deliverable(id: "\(id)/D1", projectId: id, taskId: "\(id)/T5", name: "Production release",
                                             dueDate: due, acceptedDate: due < statusDate ? due : nil))
    }

    func addRegisters(into data: inout Dataset, bac: Double, start: Day, rng: inout SplitMix64) {
        for r in 1...rng.int(2...5) {
            let status = rng.pick([RiskStatus.open, .open, .mitigating, .closed, .occurred])
            let raised = start.adding(days: rng.int(0...200))
            data.risks.append(Risk(
                id: "\(id)/R\(r)", projectId: id, title: rng.pick(DemoNames.riskTitles),
                probability: Double(rng.int(1...9)) / 10, impactCost: DemoProject.cents(bac * rng.double(0.01...0.15)),
                impactScore: rng.int(1...5), owner: DemoProject.person(&rng), status: status,
                response: rng.pick(["mitigate", "accept", "transfer", "avoid"]), raisedOn: raised,
                closedOn: status == .closed ? raised.adding(days: rng.int(10...90)) : nil))
        }
        for i in 0..<rng.int(0...3) {
            let status = rng.pick([IssueStatus.open, .inProgress, .resolved, .closed])
            let raised = start.adding(days: rng.int(0...200))
            data.issues.append(Issue(
                id: "\(id)/I\(i + 1)", projectId: id, title: rng.pick(DemoNames.issueTitles),
                severity: rng.pick(Severity.allCases), owner: DemoProject.person(&rng), status: status, raisedOn: raised,
                dueOn: raised.adding(days: 30), resolvedOn: status == .resolved || status == .closed ? raised.adding(days: rng.int(5...60)) : nil))
        }
        for c in 0..<rng.int(0...2) {
            let state = rng.pick([ChangeState.proposed, .approved, .approved, .rejected, .implemented])
            let raised = start.adding(days: rng.int(0...250))
            data.changeRequests.append(ChangeRequest(
                id: "\(id)/CR\(c + 1)", projectId: id, title: rng.pick(DemoNames.changeTitles),
                costImpact: DemoProject.cents(bac * rng.double(0.01...0.08)), scheduleImpactDays: rng.int(0...60),
                state: state, raisedOn: raised, decidedOn: state == .proposed ? nil : raised.adding(days: rng.int(7...30))))
            if state != .proposed {
                data.decisions.append(Decision(
                    id: "\(id)/DEC\(c + 1)", projectId: id, title: "Change request \(id)/CR\(c + 1) \(state.rawValue)",
                    decidedOn: raised.adding(days: 14), decidedBy: "Change board", rationale: "Impact weighed against benefits"))
            }
        }
    }

    func addPeople(into data: inout Dataset, manager: String, start: Day, finish: Day, bac: Double, rng: inout SplitMix64) {
        data.stakeholders.append(Stakeholder(id: "\(id)/SH1", projectId: id, name: manager, role: .projectManager,
                                             interest: 5, influence: 4, expectations: "A realistic plan"))
        data.stakeholders.append(Stakeholder(id: "\(id)/SH2", projectId: id, name: DemoProject.person(&rng), role: .sponsor,
                                             interest: 4, influence: 5, expectations: "Benefits on time"))
        data.stakeholders.append(Stakeholder(id: "\(id)/SH3", projectId: id, name: DemoProject.person(&rng), role: .customer,
                                             interest: rng.int(2...5), influence: rng.int(1...4), expectations: "Usable result"))
        // Three people per project at 40-60% of a week each, drawn from a pool of 3/5 as many
        // people as projects: the pool is over-allocated by design.
        for a in 0..<3 {
            let resource = pool[(index * 7 + a * 13 + rng.int(0...2)) % pool.count]
            let weeks = Double(start.days(to: finish) + 1) / 7
            data.assignments.append(Assignment(id: "\(id)/A\(a + 1)", resourceId: resource, projectId: id,
                                               periodStart: start, periodEnd: finish,
                                               plannedHours: (weeks * Double(rng.int(16...24))).rounded()))
            if start <= statusDate && finish >= statusDate.adding(days: -28) {
                for w in 0..<4 {
                    let week = statusDate.adding(days: -7 * w)
                    data.timesheets.append(Timesheet(id: "\(id)/A\(a + 1)/W\(week)", resourceId: resource, projectId: id,
                                                     weekEnding: week, hours: Double(rng.int(12...26))))
                }
            }
        }
        let benefitId = "\(id)/BEN1"
        let target = DemoProject.cents(bac * rng.double(0.3...1.5))
        data.benefits.append(Benefit(id: benefitId, projectId: id, name: rng.pick(DemoNames.benefitNames),
                                     owner: DemoProject.person(&rng), measure: "EUR"))
        for q in 1...4 {
            let end = finish.addingMonths(3 * q).endOfMonth
            data.benefitValues.append(BenefitValue(
                benefitId: benefitId, periodEnd: end, planned: DemoProject.cents(target * Double(q) / 4),
                realised: end <= statusDate ? DemoProject.cents(target * Double(q) / 4 * rng.double(0.5...1.1)) : nil))
        }
    }

    /// Evidence for every gate the project has passed; about one artifact in eight is missing.
    func addGateEvidence(into data: inout Dataset, phase: Phase, start: Day, rng: inout SplitMix64) {
        let passed: Int = switch phase {
        case .initiation: 0
        case .planning: 1
        case .execution, .cancelled: 2
        case .closing: 3
        case .closed: 4
        }
        guard passed > 0 else { return }
        let byGate = Dictionary(grouping: data.gateRequirements, by: \.gateId)
        for g in 1...passed {
            for req in byGate["G\(g)"] ?? [] where !rng.chance(0.125) {
                data.gateEvidence.append(GateEvidence(projectId: id, gateId: req.gateId, artifact: req.artifact,
                                                      submittedOn: start.addingMonths(g * 2 - 3),
                                                      reference: "dms://\(id)/\(req.artifact)"))
            }
        }
    }

    func addWorkItems(into data: inout Dataset, start: Day, rng: inout SplitMix64) {
        let key = "W" + id.dropFirst(4)
        for n in 1...rng.int(8...16) {
            let created = start.adding(days: rng.int(0...max(1, start.days(to: statusDate))))
            let leadTime = rng.int(2...40)
            let done = created.adding(days: leadTime) <= statusDate && rng.chance(0.7)
            let points = Double(rng.pick([1, 2, 3, 5, 8, 13]))
            data.workItems.append(WorkItem(
                id: "\(key)-\(n)", projectId: id, type: rng.pick(["Story", "Story", "Bug", "Task"]),
                status: done ? "Done" : rng.pick(["To Do", "In Progress", "In Review"]),
                summary: "Work item \(n) of \(id)", created: created, resolved: done ? created.adding(days: leadTime) : nil,
                assignee: DemoProject.person(&rng), originalEstimateHours: points * 4,
                remainingEstimateHours: done ? 0 : points * 2, timeSpentHours: done ? points * 4.5 : points * 2,
                storyPoints: points))
        }
    }

    static func sCurve(_ x: Double) -> Double {
        let t = min(max(x, 0), 1)
        return t * t * (3 - 2 * t)
    }

    static func rag(_ index: Double) -> RAG { index < 0.85 ? .red : index < 0.95 ? .amber : .green }

    static func cents(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    static func person(_ rng: inout SplitMix64) -> String {
        rng.pick(DemoNames.firstNames) + " " + rng.pick(DemoNames.lastNames)
    }

    static func padded(_ n: Int, width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
