import Foundation
import GRDB
import PMOModel

/// Imports a Microsoft Project XML file (MSPDI, as saved by MS Project 2002 to 2019) as one
/// project: its tasks (outline, summary, milestones, WBS, dates, percent complete, work,
/// cost), predecessor links, numbered baselines, resources and assignments, and calendars
/// (`MSPDICalendars`).
///
/// Documented choices:
/// - Task UID 0 is the project summary: it gives the project's dates, BAC (baseline 0 cost,
///   else cost) and project-level baselines, and is not imported as a task.
/// - Null tasks (`<IsNull>1</IsNull>`) are placeholders for blank rows and are skipped, with
///   links to them; a link to a UID that no task has is an error.
/// - Money fields are in hundredths of the currency unit, as MSPDI stores them, in the
///   project's `CurrencyCode`: refused when the store's organisation has another currency,
///   unless a rate is given, which converts every money field (`MSPDICurrency`).
/// - A working day is the project's `MinutesPerDay` (480 when absent): durations, lags and
///   slack in working days use it. Lags keep their format (working, elapsed, percent).
/// - Resource UID 0 (MS Project's unnamed placeholder) and assignments to resource -65535
///   ("unassigned") are skipped; assignments on the project summary task (task UID 0: budget
///   resources' budget work and cost) are project-level, with no task.
/// - `TimephasedData` holds work in hours per assignment, not money, so it does not feed the
///   PV/EV/AC `timephased` table: actual work (type 2) becomes timesheet lines per ISO week;
///   planned work stays the assignment's total.
/// - Resource and task ids are prefixed with the project id (`sample/T12`, `sample/R3`)
///   because UIDs are only unique within one file.
public struct MSPDIImporter {
    /// Creates an importer.
    public init() {}

    /// Reads the file into a dataset; `projectId` defaults to the file name without extension.
    public func dataset(at path: String, projectId: String? = nil) throws -> Dataset {
        try read(at: path, projectId: projectId).data
    }

    /// Reads the file into a dataset, with the inconsistencies it accepted as warnings.
    public func read(at path: String, projectId: String? = nil) throws -> (data: Dataset, warnings: [ImportWarning]) {
        let reading = try reading(at: path, projectId: projectId)
        return (reading.data, reading.warnings)
    }

    /// The file's conversion, with where it states its currency.
    func reading(at path: String, projectId: String?) throws -> (data: Dataset, warnings: [ImportWarning], currencyLine: Int?) {
        let root = try XMLElementNode.parse(file: path)
        guard root.name == "Project" else {
            throw DataError(file: path, path: root.path, reason: "root element is <\(root.name)>, not <Project>: not an MS Project XML (MSPDI) file")
        }
        let id = projectId ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var reading = MSPDIReading(file: path, root: root, projectId: id)
        let data = try reading.read()
        return (data, reading.warnings, root.child("CurrencyCode")?.line)
    }

    /// Imports the file into `store` in one transaction, recorded as one revision. A project
    /// already in the store is updated to the file's content within what MSPDI owns
    /// (`scopes`, docs/importers.md); a new one is added. `exchangeRate` converts money in a
    /// currency other than the organisation's: one unit of the file's currency is that many
    /// of the organisation's (`MSPDICurrency`).
    public func importFile(at path: String, projectId: String? = nil, exchangeRate: Double? = nil,
                           into store: PortfolioStore, options: RevisionOptions = RevisionOptions()) throws -> ImportSummary {
        var (data, warnings, currencyLine) = try reading(at: path, projectId: projectId)
        let id = data.projects[0].id
        var summary = try store.recordedWrite(kind: .import, source: path, format: "mspdi", sha256: { try InputDigest.file(path) },
                                              options: options) { db, recorder in
            let currencies = try String.fetchAll(db, sql: "SELECT DISTINCT currency FROM organisation ORDER BY currency")
            warnings += try MSPDICurrency(file: path, line: currencyLine, rate: exchangeRate)
                .settle(&data, organisationCurrencies: currencies)
            try DatasetRefresh.apply(data, source: path, scopes: MSPDIImporter.scopes(project: id), db: db, recorder: recorder)
        }
        summary.warnings = warnings
        return summary
    }

    /// What an MSPDI file owns in the store (docs/importers.md): its project's row, the columns
    /// of it that the file carries (`MSPDIReading.projectColumns`; phase, portfolio, program,
    /// sponsor... are the PMO's and kept), and all of the project's tasks, links, baselines,
    /// assignments and timesheets; the milestones and resources whose ids it makes
    /// (`ID/M<UID>`, `ID/R<UID>`) and its calendars (`ID/C<UID>`, with their week days,
    /// exceptions and times). What it owns and the file no longer has is removed.
    static func scopes(project id: String) -> [String: RefreshScope] {
        let ofProject = RefreshScope("project_id = ?", [id])
        func prefixed(_ prefix: String) -> RefreshScope {
            let p = "\(id)/\(prefix)"
            return RefreshScope("substr(id, 1, ?) = ?", [p.unicodeScalars.count, p])
        }
        return [
            "projects": RefreshScope("id = ?", [id], carried: MSPDIReading.projectColumns),
            "tasks": ofProject, "task_links": ofProject, "baselines": ofProject, "assignments": ofProject,
            "timesheets": ofProject, "milestones": prefixed("M"), "resources": prefixed("R"),
            // A calendar and its parts are all named under the calendar's id, `ID/C<UID>`.
            "calendars": prefixed("C"), "calendar_work_weeks": prefixed("C"), "calendar_week_days": prefixed("C"),
            "calendar_exceptions": prefixed("C"), "calendar_times": prefixed("C"),
        ]
    }
}

/// One file's conversion, with the typed readers that name the element on a bad value.
struct MSPDIReading {
    let file: String
    let root: XMLElementNode
    let projectId: String
    /// Inconsistencies accepted so far (start after finish), in file order.
    private(set) var warnings: [ImportWarning] = []
    /// The project's units of time (`readTime`), read first: durations, lags and slack use them.
    private(set) var time = MSPDITime.msProject

    init(file: String, root: XMLElementNode, projectId: String) {
        self.file = file
        self.root = root
        self.projectId = projectId
    }

    /// The columns of the project's row that a file carries, which a re-import updates; the
    /// others (phase, which a first import infers; portfolio, program, sponsor, priority,
    /// methodology, description) are the PMO's, set by the CSV bundle or a script, and kept.
    /// A column read below for the project belongs here.
    static let projectColumns = ["name", "manager", "forecast_start", "forecast_finish", "status_date", "baseline_start",
                                 "baseline_finish", "actual_start", "actual_finish", "bac",
                                 "currency", "source_currency", "exchange_rate", "minutes_per_day", "minutes_per_week",
                                 "days_per_month", "calendar_id", "forecast_start_minute"]

    mutating func read() throws -> Dataset {
        var data = Dataset()
        time = try readTime()
        let tasks = root.child("Tasks")?.children("Task") ?? []
        let summary = try tasks.first { try int($0, "UID") == 0 }
        var project = Project(id: projectId, name: projectName(summary: summary), phase: .planning)
        project.manager = root.value("Manager")
        project.forecastStart = try day(root, "StartDate")
        project.forecastStartMinute = try minuteOfDay(root, "StartDate")
        project.forecastFinish = try day(root, "FinishDate")
        project.statusDate = try day(root, "StatusDate")
        project.currency = try currencyCode()
        project.minutesPerDay = time.minutesPerDay
        project.minutesPerWeek = time.minutesPerWeek
        project.daysPerMonth = time.daysPerMonth
        let summaryDates = summary.flatMap { s in s.value("Start").flatMap { start in s.value("Finish").map { (start, $0) } } }
        checkOrder(root, "StartDate", "FinishDate", project.forecastStart, project.forecastFinish,
                   element: "project '\(project.name)'",
                   note: summaryDates.map { "; its summary task (UID 0) gives \($0.0) to \($0.1)" } ?? "")
        if let summary {
            project.baselineStart = try baseline(summary, 0).flatMap { try day($0, "Start") }
            project.baselineFinish = try baseline(summary, 0).flatMap { try day($0, "Finish") }
            project.actualStart = try day(summary, "ActualStart")
            project.actualFinish = try day(summary, "ActualFinish")
            project.bac = try baseline(summary, 0).flatMap { try money($0, "Cost") } ?? money(summary, "Cost")
            for b in summary.children("Baseline") {
                let n = try int(b, "Number") ?? 0
                data.baselines.append(Baseline(
                    id: "\(projectId)/B\(n)", projectId: projectId, number: n, start: try day(b, "Start"),
                    finish: try day(b, "Finish"), cost: try money(b, "Cost"), workHours: try hours(b, "Work")))
            }
        }

        var uids = Set<Int>()
        var nullUIDs = Set<Int>()
        var parents: [Int: String] = [:]   // outline level -> task id
        for task in tasks {
            guard let uid = try int(task, "UID") else {
                throw DataError(file: file, line: task.line, path: task.path + "/UID", reason: "a task without a UID; MSPDI tasks need one")
            }
            if uid == 0 { continue }
            if try bool(task, "IsNull") { nullUIDs.insert(uid); continue }
            guard uids.insert(uid).inserted else {
                throw DataError(file: file, line: task.line, path: task.path + "/UID", value: String(uid), reason: "two tasks have this UID")
            }
            let taskId = "\(projectId)/T\(uid)"
            let level = try int(task, "OutlineLevel")
            var t = WBSTask(id: taskId, projectId: projectId, wbs: task.value("WBS"), name: task.value("Name") ?? "Task \(uid)",
                            outlineLevel: level, isSummary: try bool(task, "Summary"), isMilestone: try bool(task, "Milestone"))
            if let level, level > 1 { t.parentId = parents[level - 1] }
            if let level { parents[level] = taskId; parents = parents.filter { $0.key <= level } }
            // The outline's order: MS Project's `ID` (the row number), else the file's order.
            t.outlinePosition = try int(task, "ID") ?? data.tasks.count + 1
            t.forecastStart = try day(task, "Start")
            t.forecastFinish = try day(task, "Finish")
            checkOrder(task, "Start", "Finish", t.forecastStart, t.forecastFinish, element: "task UID \(uid) '\(t.name)'")
            t.actualStart = try day(task, "ActualStart")
            t.actualFinish = try day(task, "ActualFinish")
            t.percentComplete = try number(task, "PercentComplete")
            t.workHours = try hours(task, "Work")
            t.cost = try money(task, "Cost")
            try readSchedule(task, into: &t)
            if let b0 = try baseline(task, 0) {
                t.baselineStart = try day(b0, "Start")
                t.baselineFinish = try day(b0, "Finish")
            }
            data.tasks.append(t)
            for b in task.children("Baseline") {
                let n = try int(b, "Number") ?? 0
                data.baselines.append(Baseline(
                    id: "\(taskId)/B\(n)", projectId: projectId, number: n, taskId: taskId, start: try day(b, "Start"),
                    finish: try day(b, "Finish"), cost: try money(b, "Cost"), workHours: try hours(b, "Work")))
            }
            if t.isMilestone {
                data.milestones.append(Milestone(id: "\(projectId)/M\(uid)", projectId: projectId, taskId: taskId, name: t.name,
                                                 baselineDate: t.baselineFinish, forecastDate: t.forecastFinish, actualDate: t.actualFinish))
            }
        }
        // Links are read after all tasks, since a predecessor may come later in the file.
        let durations = Dictionary(data.tasks.map { ($0.id, $0.durationDays) }, uniquingKeysWith: { a, _ in a })
        for task in tasks {
            guard let uid = try int(task, "UID"), uid != 0, !nullUIDs.contains(uid) else { continue }
            for link in task.children("PredecessorLink") {
                guard let predecessor = try int(link, "PredecessorUID") else { continue }
                if nullUIDs.contains(predecessor) { continue }
                guard uids.contains(predecessor) else {
                    throw DataError(file: file, line: link.line, path: link.path + "/PredecessorUID", value: String(predecessor),
                                    reason: "no task has this UID")
                }
                let type: LinkType = switch try int(link, "Type") ?? 1 {
                case 0: .finishToFinish
                case 2: .startToFinish
                case 3: .startToStart
                default: .finishToStart
                }
                let predecessorId = "\(projectId)/T\(predecessor)"
                let lag = try lag(link, predecessorDays: durations[predecessorId] ?? nil)
                var l = TaskLink(projectId: projectId, predecessorId: predecessorId,
                                 successorId: "\(projectId)/T\(uid)", type: type, lagDays: lag.days)
                (l.lagAmount, l.lagUnit, l.lagFormat) = (lag.amount, lag.unit, lag.format)
                data.taskLinks.append(l)
            }
        }
        project.phase = phase(of: data.tasks, project: project)
        data.projects = [project]
        try readResources(into: &data, taskUIDs: uids)
        var calendars = MSPDICalendars(reading: self)
        try calendars.read(into: &data)
        warnings += calendars.warnings
        return data
    }

    private func readResources(into data: inout Dataset, taskUIDs: Set<Int>) throws {
        var resourceUIDs = Set<Int>()
        var budgetUIDs = Set<Int>()
        for r in root.child("Resources")?.children("Resource") ?? [] {
            guard let uid = try int(r, "UID"), uid != 0 else { continue }
            guard resourceUIDs.insert(uid).inserted else {
                throw DataError(file: file, line: r.line, path: r.path + "/UID", value: String(uid), reason: "two resources have this UID")
            }
            let kind = try resourceKind(r)
            let isBudget = try bool(r, "IsBudget")
            // Capacity is a work resource's: MaxUnits of the project's week. Material, cost
            // and budget resources give no hours.
            let hasHours = (kind == .person || kind == .role) && !isBudget
            var resource = Resource(
                id: "\(projectId)/R\(uid)", name: r.value("Name") ?? "Resource \(uid)", kind: kind, role: r.value("Group"),
                capacityHoursPerWeek: hasHours ? (try number(r, "MaxUnits")).map { $0 * Double(time.minutesPerWeek) / 60 } : nil,
                costRate: try number(r, "StandardRate"))
            resource.isBudget = isBudget
            data.resources.append(resource)
            if isBudget { budgetUIDs.insert(uid) }
        }
        for a in root.child("Assignments")?.children("Assignment") ?? [] {
            guard let uid = try int(a, "UID"), let task = try int(a, "TaskUID"), let resource = try int(a, "ResourceUID") else { continue }
            // -65535 is MSPDI's "unassigned" and resource 0 a placeholder we do not import; task 0
            // is the project summary task: its assignments are the project's (budget resources').
            guard resource != -65535, resourceUIDs.contains(resource), task == 0 || taskUIDs.contains(task) else { continue }
            guard let start = try day(a, "Start"), let finish = try day(a, "Finish") else { continue }
            let taskId = task == 0 ? nil : "\(projectId)/T\(task)"
            var assignment = Assignment(
                id: "\(projectId)/A\(uid)", resourceId: "\(projectId)/R\(resource)", projectId: projectId,
                taskId: taskId, periodStart: start, periodEnd: max(start, finish), plannedHours: try hours(a, "Work") ?? 0)
            if budgetUIDs.contains(resource) {
                // A budget resource's budget (Microsoft's reference: Assignment `BudgetCost`,
                // `BudgetWork`); other resources' are MS Project's zeros.
                assignment.budgetCost = try money(a, "BudgetCost")
                assignment.budgetWorkHours = try hours(a, "BudgetWork")
            }
            data.assignments.append(assignment)
            try readActualWork(of: a, assignment: uid, resource: resource, taskId: taskId, into: &data)
        }
    }

    /// Time-phased actual work (TimephasedData type 2, hours per period) becomes timesheet
    /// lines, summed per ISO week (ending Sunday) of each period's start.
    private func readActualWork(of assignment: XMLElementNode, assignment uid: Int, resource: Int, taskId: String?, into data: inout Dataset) throws {
        var weeks: [Day: Double] = [:]
        for period in assignment.children("TimephasedData") where try int(period, "Type") == 2 {
            guard let start = try day(period, "Start"), let worked = try hours(period, "Value"), worked > 0 else { continue }
            weeks[start.weekEnding, default: 0] += worked
        }
        for (week, worked) in weeks.sorted(by: { $0.key < $1.key }) {
            data.timesheets.append(Timesheet(
                id: "\(projectId)/A\(uid)/W\(week)", resourceId: "\(projectId)/R\(resource)", projectId: projectId,
                taskId: taskId, weekEnding: week, hours: (worked * 1000).rounded() / 1000))
        }
    }

    /// The project's name: `<Title>` when present, else the project summary task's name (UID 0,
    /// outline level 0, which MS Project names after the title), else the file's base name
    /// without ".xml". Never `<Name>`: the `<Project>` element has both `<Name>` and `<Title>`
    /// (Microsoft, "Project Elements and XML Structure", Project XML Data Interchange schema
    /// reference), and MS Project writes the saved file's name in `<Name>`, ".xml" included
    /// (every file in ../shared/data/mspdi does).
    private func projectName(summary: XMLElementNode?) -> String {
        if let title = root.value("Title") { return title }
        if let name = summary?.value("Name") { return name }
        let base = (file as NSString).lastPathComponent
        let stem = base.lowercased().hasSuffix(".xml") ? String(base.dropLast(4)) : base
        return stem.isEmpty ? projectId : stem
    }

    /// A start after its finish (compared by day, what the store keeps) is imported as the file
    /// gives it, with a warning naming the element and both values as written (docs/importers.md).
    private mutating func checkOrder(_ node: XMLElementNode, _ startName: String, _ finishName: String, _ start: Day?, _ finish: Day?,
                                     element: String, note: String = "") {
        guard let start, let finish, start > finish else { return }
        warnings.append(ImportWarning(
            file: file, line: node.child(startName)?.line ?? node.line, path: node.path,
            message: "\(element): \(startName) \(node.value(startName) ?? "") is after \(finishName) \(node.value(finishName) ?? "")\(note); imported as given"))
    }

    /// A schedule has no phase field; infer it from progress.
    private func phase(of tasks: [WBSTask], project: Project) -> Phase {
        let work = tasks.filter { !$0.isSummary }
        if project.actualFinish != nil || (!work.isEmpty && work.allSatisfy { ($0.percentComplete ?? 0) >= 100 }) { return .closed }
        if project.actualStart != nil || work.contains(where: { ($0.percentComplete ?? 0) > 0 }) { return .execution }
        return .planning
    }

    // MARK: typed readers: every bad value names its element.

    func fail(_ node: XMLElementNode, _ name: String, _ text: String, _ reason: String) -> DataError {
        let element = node.child(name)
        return DataError(file: file, line: element?.line ?? node.line, path: (element?.path ?? node.path + "/" + name),
                         field: name, value: text, reason: reason)
    }

    func baseline(_ node: XMLElementNode, _ number: Int) throws -> XMLElementNode? {
        try node.children("Baseline").first { try int($0, "Number") == number }
    }

    func int(_ node: XMLElementNode, _ name: String) throws -> Int? {
        guard let text = node.value(name) else { return nil }
        guard let v = Int(text) else { throw fail(node, name, text, "not a whole number") }
        return v
    }

    func number(_ node: XMLElementNode, _ name: String) throws -> Double? {
        guard let text = node.value(name) else { return nil }
        guard let v = Double(text), v.isFinite else { throw fail(node, name, text, "not a number") }
        return v
    }

    func money(_ node: XMLElementNode, _ name: String) throws -> Double? {
        try number(node, name).map { $0 / 100 }
    }

    func bool(_ node: XMLElementNode, _ name: String) throws -> Bool {
        guard let text = node.value(name) else { return false }
        switch text {
        case "1", "true": return true
        case "0", "false": return false
        default: throw fail(node, name, text, "not 0 or 1")
        }
    }

    /// MSPDI date-times (`2003-01-07T08:00:00`) reduced to their day.
    func day(_ node: XMLElementNode, _ name: String) throws -> Day? {
        guard let text = node.value(name) else { return nil }
        guard let day = Day(text.prefix(10)), text.count == 10 || text.dropFirst(10).first == "T" else {
            throw fail(node, name, text, "not a date-time (expected yyyy-MM-ddTHH:mm:ss)")
        }
        return day
    }

    /// The minute of the day of an MSPDI date-time (`2003-01-07T09:00:00` is 540), nil when it
    /// has no time; a time out of 00:00 to 23:59 is an error, as a bad date is.
    func minuteOfDay(_ node: XMLElementNode, _ name: String) throws -> Int? {
        guard try day(node, name) != nil, let text = node.value(name), text.count >= 16 else { return nil }
        let hm = text.dropFirst(11).prefix(5).split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m) else {
            throw fail(node, name, text, "not a date-time (expected yyyy-MM-ddTHH:mm:ss)")
        }
        return h * 60 + m
    }

    /// ISO 8601 durations (`PT7H30M0S`, `P2DT4H`) in hours, a day, week and month being the
    /// project's (`time`).
    func hours(_ node: XMLElementNode, _ name: String) throws -> Double? {
        guard let text = node.value(name) else { return nil }
        guard let h = MSPDIDuration.hours(text, time: time) else {
            throw fail(node, name, text, "not an ISO 8601 duration (expected e.g. PT7H30M0S)")
        }
        return h
    }

}

/// ISO 8601 durations as MSPDI writes them (`PT7H30M0S`), in hours: a day, a week and a
/// month are the project's (`MSPDITime`; MS Project's defaults 8 hours, 40 hours, 20 days),
/// a year 260 of its days (MS Project's 52 weeks of 5 days).
enum MSPDIDuration {
    static func hours(_ text: String, time: MSPDITime = .msProject) -> Double? {
        let day = Double(time.minutesPerDay) / 60, week = Double(time.minutesPerWeek) / 60
        let month = day * Double(time.daysPerMonth), year = day * 260
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" { negative = true; rest = rest.dropFirst() }
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var total = 0.0, number = "", inTime = false, sawUnit = false
        for c in rest {
            if c.isNumber || c == "." { number.append(c); continue }
            if c == "T" { inTime = true; continue }
            guard let v = Double(number) else { return nil }
            number = ""
            sawUnit = true
            switch (c, inTime) {
            case ("Y", false): total += v * year
            case ("M", false): total += v * month
            case ("W", false): total += v * week
            case ("D", false): total += v * day
            case ("H", true): total += v
            case ("M", true): total += v / 60
            case ("S", true): total += v / 3600
            default: return nil
            }
        }
        guard number.isEmpty, sawUnit else { return nil }
        return negative ? -total : total
    }
}
