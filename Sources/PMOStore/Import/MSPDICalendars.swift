import Foundation
import PMOModel

/// The calendars of an MSPDI file (`<Calendars>`), and which calendar the project, each task
/// and each resource uses: read as written, for a scheduler to count working time on.
///
/// Elements, as Microsoft's Project XML Data Interchange schema reference defines them
/// ("Calendars element" and its children):
/// - `Calendar`: `UID`, `Name`, `IsBaseCalendar`, `BaseCalendarUID`, `WeekDays`,
///   `Exceptions`, `WorkWeeks`.
/// - `WeekDay`: `DayType` 1 (Sunday) to 7 (Saturday), `DayWorking`, `WorkingTimes` of
///   `WorkingTime` (`FromTime`, `ToTime`, `HH:MM:SS`). `DayType` 0 with a `TimePeriod` is how
///   files before MS Project 2007 write an exception; it is read as one when the calendar has
///   no `Exceptions` element (MS Project 2007+ writes both, the `Exceptions` being the ones
///   with recurrence).
/// - `Exception`: `TimePeriod` (`FromDate`, `ToDate`), `Name`, `DayWorking`, `WorkingTimes`,
///   and its recurrence: `Type`, `Occurrences`, `Period`, `DaysOfWeek`, `MonthDay`,
///   `MonthItem`, `MonthPosition`, `Month` (value meanings in `CalendarException`).
///   `EnteredByOccurrences` says how the user typed the range; the `TimePeriod` bounds it
///   either way, so it is not kept.
/// - `WorkWeek`: `TimePeriod`, `Name`, `WeekDays`.
///
/// Documented choices (docs/importers.md):
/// - Day types a calendar leaves out are inherited from its base calendar: stored as written,
///   resolved on read (`pmo.calendar`).
/// - A base calendar has no base. A `BaseCalendarUID`, or a project, task or resource
///   `CalendarUID`, that is negative (-1 "none"; MS Project also writes -65533 for some
///   resource calendars) or 0 with no calendar 0, means none; a positive one that no calendar
///   has is imported as none with a warning. A base calendar chain that loops is an error.
/// - `ToTime` 00:00:00 (or 24:00:00) is midnight at the end of the day, minute 1440.
struct MSPDICalendars {
    let reading: MSPDIReading
    /// Inconsistencies accepted (references to missing calendars), in file order.
    private(set) var warnings: [ImportWarning] = []

    init(reading: MSPDIReading) {
        self.reading = reading
    }

    private var file: String { reading.file }
    private var projectId: String { reading.projectId }

    private func calendarId(_ uid: Int) -> String { "\(projectId)/C\(uid)" }

    /// Adds the file's calendars to `data` and sets `calendarId` on its project, tasks and
    /// resources (already read, with ids `<project>/T<uid>` and `<project>/R<uid>`).
    mutating func read(into data: inout Dataset) throws {
        let nodes = reading.root.child("Calendars")?.children("Calendar") ?? []
        var byUID: [Int: XMLElementNode] = [:]
        var order: [Int] = []
        for node in nodes {
            guard let uid = try reading.int(node, "UID") else {
                throw DataError(file: file, line: node.line, path: node.path + "/UID", reason: "a calendar without a UID; MSPDI calendars need one")
            }
            guard byUID.updateValue(node, forKey: uid) == nil else {
                throw DataError(file: file, line: node.line, path: node.path + "/UID", field: "UID", value: String(uid), reason: "two calendars have this UID")
            }
            order.append(uid)
        }
        // Each calendar's base, then the calendars in an order that puts every base before
        // the calendars based on it (the store checks the reference row by row).
        var base: [Int: Int] = [:]
        for node in nodes {
            guard let uid = try reading.int(node, "UID") else { continue }
            guard try !reading.bool(node, "IsBaseCalendar"), let b = try reading.int(node, "BaseCalendarUID") else { continue }
            if byUID[b] != nil, b != uid {
                base[uid] = b
            } else if b > 0 || b == uid {
                warn(node, "BaseCalendarUID", "calendar UID \(uid): BaseCalendarUID \(b) names \(b == uid ? "the calendar itself" : "no calendar in the file"); imported without a base calendar")
            }
        }
        var placed = Set<Int>()
        var sorted: [(uid: Int, node: XMLElementNode)] = []
        for node in nodes {
            guard let uid = try reading.int(node, "UID") else { continue }
            var chain: [Int] = []
            var current: Int? = uid
            while let c = current, !placed.contains(c) {
                if chain.contains(c) {
                    throw DataError(file: file, line: node.child("BaseCalendarUID")?.line ?? node.line, path: node.path + "/BaseCalendarUID",
                                    field: "BaseCalendarUID", value: node.value("BaseCalendarUID") ?? "",
                                    reason: "base calendars loop: UID " + (chain + [c]).map(String.init).joined(separator: " -> "))
                }
                chain.append(c)
                current = base[c]
            }
            for c in chain.reversed() where placed.insert(c).inserted {
                if let n = byUID[c] { sorted.append((c, n)) }
            }
        }
        for (uid, node) in sorted {
            try readCalendar(node, uid: uid, base: base[uid], into: &data)
        }

        // Who uses which calendar.
        let known = Set(order)
        if let uid = try reading.int(reading.root, "CalendarUID"), let id = use(uid, known, reading.root, "project") {
            for i in data.projects.indices where data.projects[i].id == projectId { data.projects[i].calendarId = id }
        }
        var taskIndex: [String: Int] = [:]
        for (i, t) in data.tasks.enumerated() { taskIndex[t.id] = i }
        for task in reading.root.child("Tasks")?.children("Task") ?? [] {
            guard let uid = try reading.int(task, "UID"), let i = taskIndex["\(projectId)/T\(uid)"],
                  let c = try reading.int(task, "CalendarUID"), let id = use(c, known, task, "task UID \(uid)") else { continue }
            data.tasks[i].calendarId = id
        }
        var resourceIndex: [String: Int] = [:]
        for (i, r) in data.resources.enumerated() { resourceIndex[r.id] = i }
        for resource in reading.root.child("Resources")?.children("Resource") ?? [] {
            guard let uid = try reading.int(resource, "UID"), let i = resourceIndex["\(projectId)/R\(uid)"],
                  let c = try reading.int(resource, "CalendarUID"), let id = use(c, known, resource, "resource UID \(uid)") else { continue }
            data.resources[i].calendarId = id
        }
    }

    /// The calendar id a `CalendarUID` names, nil for none (warning when it names a calendar
    /// the file lacks).
    private mutating func use(_ uid: Int, _ known: Set<Int>, _ node: XMLElementNode, _ owner: String) -> String? {
        if known.contains(uid) { return calendarId(uid) }
        if uid > 0 { warn(node, "CalendarUID", "\(owner): CalendarUID \(uid) names no calendar in the file; imported without a calendar") }
        return nil
    }

    private mutating func warn(_ node: XMLElementNode, _ name: String, _ message: String) {
        warnings.append(ImportWarning(file: file, line: node.child(name)?.line ?? node.line, path: node.path, message: message))
    }

    private func readCalendar(_ node: XMLElementNode, uid: Int, base: Int?, into data: inout Dataset) throws {
        let id = calendarId(uid)
        data.calendars.append(WorkCalendar(id: id, projectId: projectId, name: node.value("Name"),
                                           isBase: try reading.bool(node, "IsBaseCalendar"), baseCalendarId: base.map(calendarId)))
        let exceptions = node.child("Exceptions")
        var starts = Set<Day>()
        var seenTypes = Set<Int>()
        for day in node.child("WeekDays")?.children("WeekDay") ?? [] {
            guard let type = try reading.int(day, "DayType") else {
                throw DataError(file: file, line: day.line, path: day.path + "/DayType", reason: "a week day without a DayType")
            }
            if type == 0 {
                // Before MS Project 2007, an exception; 2007+ repeat it in <Exceptions>.
                if exceptions == nil { try readException(day, calendar: id, starts: &starts, into: &data) }
                continue
            }
            try readWeekDay(day, type: type, calendar: id, owner: id, workWeek: nil, seen: &seenTypes, into: &data)
        }
        for exception in exceptions?.children("Exception") ?? [] {
            try readException(exception, calendar: id, starts: &starts, into: &data)
        }
        var weekStarts = Set<Day>()
        for week in node.child("WorkWeeks")?.children("WorkWeek") ?? [] {
            let (from, to) = try period(week)
            guard weekStarts.insert(from).inserted else {
                throw DataError(file: file, line: week.line, path: week.path + "/TimePeriod/FromDate", field: "FromDate", value: from.description,
                                reason: "two work weeks of calendar UID \(uid) start on this day")
            }
            let weekId = "\(id)/W\(from)"
            data.calendarWorkWeeks.append(CalendarWorkWeek(id: weekId, calendarId: id, name: week.value("Name"), fromDate: from, toDate: to))
            var seen = Set<Int>()
            for day in week.child("WeekDays")?.children("WeekDay") ?? [] {
                guard let type = try reading.int(day, "DayType") else {
                    throw DataError(file: file, line: day.line, path: day.path + "/DayType", reason: "a week day without a DayType")
                }
                try readWeekDay(day, type: type, calendar: id, owner: weekId, workWeek: weekId, seen: &seen, into: &data)
            }
        }
    }

    private func readWeekDay(_ day: XMLElementNode, type: Int, calendar: String, owner: String, workWeek: String?,
                             seen: inout Set<Int>, into data: inout Dataset) throws {
        guard (1...7).contains(type) else {
            throw fail(day, "DayType", String(type), "not a day type (1 Sunday to 7 Saturday, 0 an exception)")
        }
        guard seen.insert(type).inserted else {
            throw fail(day, "DayType", String(type), "this day type appears twice in one week")
        }
        let id = "\(owner)/D\(type)"
        let working = try reading.bool(day, "DayWorking")
        data.calendarWeekDays.append(CalendarWeekDay(id: id, calendarId: calendar, workWeekId: workWeek, dayType: type, working: working))
        try readTimes(day, owner: id, weekDay: true, into: &data)
    }

    private func readException(_ node: XMLElementNode, calendar: String, starts: inout Set<Day>, into data: inout Dataset) throws {
        let (from, to) = try period(node)
        guard starts.insert(from).inserted else {
            throw DataError(file: file, line: node.line, path: node.path + "/TimePeriod/FromDate", field: "FromDate", value: from.description,
                            reason: "two exceptions of this calendar start on this day")
        }
        let id = "\(calendar)/E\(from)"
        data.calendarExceptions.append(CalendarException(
            id: id, calendarId: calendar, name: node.value("Name"), fromDate: from, toDate: to,
            working: try reading.bool(node, "DayWorking"),
            recurrenceType: try bounded(node, "Type", 1...8, "an exception type (1 daily ... 8 weekdays by count)"),
            occurrences: try bounded(node, "Occurrences", 1...Int(Int32.max), "a number of occurrences (1 or more)"),
            period: try bounded(node, "Period", 1...Int(Int32.max), "a period (1 or more)"),
            daysOfWeek: try bounded(node, "DaysOfWeek", 0...127, "a sum of days (1 Sunday, 2 Monday ... 64 Saturday)"),
            monthDay: try bounded(node, "MonthDay", 1...31, "a day of the month (1-31)"),
            monthItem: try bounded(node, "MonthItem", 0...9, "a month item (0 day, 1 weekday, 2 weekend day, 3 Sunday ... 9 Saturday)"),
            monthPosition: try bounded(node, "MonthPosition", 0...4, "a month position (0 first ... 4 last)"),
            month: try bounded(node, "Month", 0...11, "a month (0 January ... 11 December)")))
        try readTimes(node, owner: id, weekDay: false, into: &data)
    }

    /// An element's `TimePeriod` as days, the first not after the last.
    private func period(_ node: XMLElementNode) throws -> (Day, Day) {
        guard let span = node.child("TimePeriod") else {
            throw DataError(file: file, line: node.line, path: node.path + "/TimePeriod", reason: "no TimePeriod: the dates it applies to are required")
        }
        guard let from = try reading.day(span, "FromDate") else {
            throw DataError(file: file, line: span.line, path: span.path + "/FromDate", field: "FromDate", reason: "a value is required")
        }
        guard let to = try reading.day(span, "ToDate") else {
            throw DataError(file: file, line: span.line, path: span.path + "/ToDate", field: "ToDate", reason: "a value is required")
        }
        guard from <= to else {
            throw fail(span, "ToDate", span.value("ToDate") ?? "", "before FromDate \(span.value("FromDate") ?? "")")
        }
        return (from, to)
    }

    private func readTimes(_ node: XMLElementNode, owner: String, weekDay: Bool, into data: inout Dataset) throws {
        for (n, time) in (node.child("WorkingTimes")?.children("WorkingTime") ?? []).enumerated() {
            guard let from = try minute(time, "FromTime", endOfDay: false), let to = try minute(time, "ToTime", endOfDay: true) else {
                throw DataError(file: file, line: time.line, path: time.path, reason: "a working time needs both FromTime and ToTime")
            }
            guard from < to else {
                throw fail(time, "ToTime", time.value("ToTime") ?? "", "not after FromTime \(time.value("FromTime") ?? "")")
            }
            data.calendarTimes.append(CalendarTime(id: "\(owner)/T\(n + 1)", weekDayId: weekDay ? owner : nil,
                                                   exceptionId: weekDay ? nil : owner, fromMinute: from, toMinute: to))
        }
    }

    /// `HH:MM:SS` as minutes from midnight; for an end, 00:00:00 and 24:00:00 are 1440.
    private func minute(_ node: XMLElementNode, _ name: String, endOfDay: Bool) throws -> Int? {
        guard let text = node.value(name) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { ("0"..."9").contains($0) } }),
              let h = Int(parts[0]), let m = Int(parts[1]), (0...59).contains(m), parts.count == 2 || Int(parts[2]) == 0,
              (0...23).contains(h) || (endOfDay && h == 24 && m == 0) else {
            throw fail(node, name, text, "not a time of day (expected HH:MM:SS, whole minutes)")
        }
        let total = h * 60 + m
        return endOfDay && total == 0 ? 1440 : total
    }

    private func bounded(_ node: XMLElementNode, _ name: String, _ range: ClosedRange<Int>, _ what: String) throws -> Int? {
        guard let v = try reading.int(node, name) else { return nil }
        guard range.contains(v) else { throw fail(node, name, String(v), "not \(what)") }
        return v
    }

    private func fail(_ node: XMLElementNode, _ name: String, _ value: String, _ reason: String) -> DataError {
        let element = node.child(name)
        return DataError(file: file, line: element?.line ?? node.line, path: element?.path ?? node.path + "/" + name,
                         field: name, value: value, reason: reason)
    }
}
