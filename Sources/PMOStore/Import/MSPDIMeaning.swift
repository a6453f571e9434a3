import Foundation
import PMOModel

/// MS Project's units of time for one plan: what a day, a week and a month of working time
/// are (Microsoft, Project XML Data Interchange schema reference, Project element:
/// `MinutesPerDay`, `MinutesPerWeek`, `DaysPerMonth`; MS Project's defaults 480, 2400, 20).
struct MSPDITime: Equatable {
    var minutesPerDay = 480
    var minutesPerWeek = 2400
    var daysPerMonth = 20

    /// MS Project's defaults.
    static let msProject = MSPDITime()

    /// Tenths of a minute of working time (`LinkLag`, `TotalSlack`, `FreeSlack`) in working days.
    func workingDays(tenthsOfMinute: Double) -> Double {
        tenthsOfMinute / 10 / Double(minutesPerDay)
    }
}

/// A duration's or lag's format (Microsoft, Project XML Data Interchange schema reference,
/// Task `DurationFormat`, PredecessorLink `LagFormat`): 3 m, 4 em, 5 h, 6 eh, 7 d, 8 ed, 9 w,
/// 10 ew, 11 mo, 12 emo, 19 %, 20 e%, 21 none given (the project's default unit, days); 35 to
/// 53 the same estimated (`?`). `LinkLag` holds tenths of a minute (working minutes for a
/// working format, elapsed minutes for an elapsed one) or, for a percent format, the percent
/// (as MPXJ's MSPDIReader reads it); a `Duration` of an elapsed format is elapsed time
/// (MPXJ's mspdiduration.xml: 1 ed is `PT24H0M0S`).
struct MSPDILagFormat: Equatable {
    /// The format as MS Project shows it: `d`, `ed`, `%`, `d?`...; nil when none is given.
    let label: String?
    let unit: LagUnit

    static func of(_ code: Int) -> MSPDILagFormat? {
        let estimated = (35...53).contains(code)
        let base = estimated ? code - 32 : code
        if base == 21 { return MSPDILagFormat(label: nil, unit: .workingDays) }
        let formats: [Int: (String, LagUnit)] = [
            3: ("m", .workingDays), 4: ("em", .elapsedDays), 5: ("h", .workingDays), 6: ("eh", .elapsedDays),
            7: ("d", .workingDays), 8: ("ed", .elapsedDays), 9: ("w", .workingDays), 10: ("ew", .elapsedDays),
            11: ("mo", .workingDays), 12: ("emo", .elapsedDays), 19: ("%", .percent), 20: ("e%", .elapsedPercent),
        ]
        guard let (label, unit) = formats[base] else { return nil }
        return MSPDILagFormat(label: label + (estimated ? "?" : ""), unit: unit)
    }
}

/// What an MSPDI file means beyond the outline: the project's currency and units of time,
/// lags by format, a task's constraint, deadline, durations and MS Project's own schedule
/// figures, and resource kinds (docs/importers.md, "MS Project XML").
extension MSPDIReading {
    /// The project's units of time, MS Project's defaults where the file gives none; each must
    /// be a whole number above 0.
    func readTime() throws -> MSPDITime {
        var time = MSPDITime.msProject
        for (name, limit, keyPath) in [("MinutesPerDay", 1440, \MSPDITime.minutesPerDay),
                                       ("MinutesPerWeek", 10080, \MSPDITime.minutesPerWeek),
                                       ("DaysPerMonth", 31, \MSPDITime.daysPerMonth)] {
            guard let value = try int(root, name) else { continue }
            guard (1...limit).contains(value) else {
                throw fail(root, name, String(value), "not from 1 to \(limit)")
            }
            time[keyPath: keyPath] = value
        }
        return time
    }

    /// The project's `CurrencyCode` (ISO 4217: three capital letters), nil when the file has none.
    func currencyCode() throws -> String? {
        guard let code = root.value("CurrencyCode") else { return nil }
        guard code.count == 3, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw fail(root, "CurrencyCode", code, "not an ISO 4217 currency code (three capital letters, e.g. GBP)")
        }
        return code
    }

    /// A task's constraint, deadline, manual flag, durations and the schedule MS Project
    /// computed (early/late dates, total and free slack, critical), kept as reported.
    func readSchedule(_ task: XMLElementNode, into t: inout WBSTask) throws {
        if let code = try int(task, "ConstraintType") {
            // Microsoft's reference lists 0 ASAP, 1 ALAP, 2 MSO, 3 MFO, 4 SNET, 5 SNLT, 6 FNET, 7 FNLT.
            guard ConstraintType.allCases.indices.contains(code) else {
                throw fail(task, "ConstraintType", String(code), "not a constraint type (0 ASAP to 7 FNLT)")
            }
            t.constraintType = ConstraintType.allCases[code]
        }
        t.constraintDate = try day(task, "ConstraintDate")
        t.deadline = try day(task, "Deadline")
        t.isManual = try bool(task, "Manual")
        // An elapsed format's duration is elapsed time, in 24-hour days; an unknown format
        // (the reference lists none other) is read as working time.
        let format = try int(task, "DurationFormat").flatMap(MSPDILagFormat.of)
        t.durationFormat = format?.label
        let elapsed = format?.unit == .elapsedDays || format?.unit == .elapsedPercent
        t.durationDays = try elapsed ? hours(task, "Duration").map { $0 / 24 } : workingDays(task, "Duration")
        t.remainingDurationDays = try elapsed ? hours(task, "RemainingDuration").map { $0 / 24 } : workingDays(task, "RemainingDuration")
        t.reportedEarlyStart = try day(task, "EarlyStart")
        t.reportedEarlyFinish = try day(task, "EarlyFinish")
        t.reportedLateStart = try day(task, "LateStart")
        t.reportedLateFinish = try day(task, "LateFinish")
        t.reportedTotalSlackDays = try number(task, "TotalSlack").map(time.workingDays(tenthsOfMinute:))
        t.reportedFreeSlackDays = try number(task, "FreeSlack").map(time.workingDays(tenthsOfMinute:))
        t.reportedCritical = task.value("Critical") == nil ? nil : try bool(task, "Critical")
    }

    /// An ISO 8601 duration of working time in working days of the project's day.
    func workingDays(_ node: XMLElementNode, _ name: String) throws -> Double? {
        try hours(node, name).map { $0 * 60 / Double(time.minutesPerDay) }
    }

    /// A link's lag: its days (what `lag_days` holds), amount, unit and format.
    /// `predecessorDays` is the predecessor's duration in working days, for a percent lag.
    func lag(_ link: XMLElementNode, predecessorDays: Double?) throws -> (days: Double, amount: Double, unit: LagUnit, format: String?) {
        let raw = try number(link, "LinkLag") ?? 0
        // No LagFormat: MS Project's default duration unit, days.
        let code = try int(link, "LagFormat") ?? 7
        guard let format = MSPDILagFormat.of(code) else {
            throw fail(link, "LagFormat", String(code),
                       "not a lag format (3 to 12 minutes to elapsed months, 19 %, 20 e%, 21 none, 35 to 53 their estimates)")
        }
        switch format.unit {
        case .workingDays:
            let days = time.workingDays(tenthsOfMinute: raw)
            return (days, days, format.unit, format.label)
        case .elapsedDays:
            let days = raw / 10 / 1440
            return (days, days, format.unit, format.label)
        case .percent, .elapsedPercent:
            return (raw / 100 * (predecessorDays ?? 0), raw, format.unit, format.label)
        }
    }

    /// A resource's kind: MSPDI `Type` 0 material, 1 work, 2 cost, and `IsCostResource` 1 a
    /// cost resource whatever its `Type` (Microsoft, Project XML Data Interchange schema
    /// reference, Resource element; MS Project writes cost resources with Type 0 and
    /// IsCostResource 1). A work resource is a person, or a role when `IsGeneric` is 1.
    func resourceKind(_ r: XMLElementNode) throws -> ResourceKind {
        if try bool(r, "IsCostResource") { return .cost }
        switch try int(r, "Type") ?? 1 {
        case 0: return .material
        case 1: return try bool(r, "IsGeneric") ? .role : .person
        case 2: return .cost
        case let other: throw fail(r, "Type", String(other), "not a resource type (0 material, 1 work, 2 cost)")
        }
    }
}

/// The currency rule of an MSPDI import (docs/importers.md): money in a currency other than
/// the organisation's is refused, or converted at a rate the user gives; never relabelled.
struct MSPDICurrency {
    let file: String
    /// Where the file says its currency, for errors.
    let line: Int?
    /// One unit of the file's currency in the organisation's, from `--exchange-rate`.
    let rate: Double?

    /// Checks `data`'s project currency against the organisation's currencies (the store's
    /// `organisation` rows) and converts its money when a rate is given.
    func settle(_ data: inout Dataset, organisationCurrencies: [String]) throws -> [ImportWarning] {
        guard var project = data.projects.first else { return [] }
        let path = "/Project/CurrencyCode"
        if let rate, !(rate.isFinite && rate > 0) {
            throw DataError(file: file, field: "--exchange-rate", value: String(rate), reason: "not a number above 0")
        }
        guard let organisation = organisationCurrencies.first else {
            if let rate {
                throw DataError(file: file, field: "--exchange-rate", value: String(rate),
                                reason: "the store has no organisation, so no currency to convert into; the file's money is kept in its own currency without a rate")
            }
            return []
        }
        guard organisationCurrencies.count == 1 else {
            throw DataError(file: file, line: line, path: path, field: "CurrencyCode", value: project.currency ?? "",
                            reason: "the store's organisation rows have several currencies (\(organisationCurrencies.joined(separator: ", "))), so which one the file's money is in cannot be told")
        }
        guard let source = project.currency else {
            if let rate {
                throw DataError(file: file, field: "--exchange-rate", value: String(rate),
                                reason: "the file gives no CurrencyCode, so there is nothing to convert from")
            }
            return [ImportWarning(file: file, line: 1, path: "/Project",
                                  message: "the file gives no CurrencyCode; its money is imported as the organisation's \(organisation), unconverted")]
        }
        if source == organisation {
            if let rate {
                throw DataError(file: file, line: line, path: path, field: "CurrencyCode", value: source,
                                reason: "the file's money is already in the organisation's currency; --exchange-rate \(rate) would change it")
            }
            return []
        }
        guard let rate else {
            throw DataError(file: file, line: line, path: path, field: "CurrencyCode", value: source,
                            reason: "the file's money is in \(source), the organisation's in \(organisation); give --exchange-rate R (1 \(source) = R \(organisation)) to convert it")
        }
        Self.convert(&data, by: rate)
        project = data.projects[0]
        project.currency = organisation
        project.sourceCurrency = source
        project.exchangeRate = rate
        data.projects[0] = project
        return []
    }

    /// Multiplies every money field an MSPDI reading fills by `rate`: the project's BAC, task
    /// costs, baseline costs, resources' cost rates and assignments' budget costs.
    static func convert(_ data: inout Dataset, by rate: Double) {
        for i in data.projects.indices { data.projects[i].bac = data.projects[i].bac.map { $0 * rate } }
        for i in data.tasks.indices { data.tasks[i].cost = data.tasks[i].cost.map { $0 * rate } }
        for i in data.baselines.indices { data.baselines[i].cost = data.baselines[i].cost.map { $0 * rate } }
        for i in data.resources.indices { data.resources[i].costRate = data.resources[i].costRate.map { $0 * rate } }
        for i in data.assignments.indices { data.assignments[i].budgetCost = data.assignments[i].budgetCost.map { $0 * rate } }
    }
}
