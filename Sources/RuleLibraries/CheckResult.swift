import Foundation

/// One KPI or rule evaluated on one object, as `pmo check` reports it: a Swift copy of a
/// `pmo.kpi` result (see stdlib/pmo/kpi.lua), with whether it breaches the `--fail-on` level.
public struct CheckResult: Equatable, Sendable {
    /// The KPI or rule id, e.g. `pmo.evm.cpi`.
    public var id: String
    /// `kpi` or `rule`.
    public var kind: String
    /// The definition's title.
    public var title: String
    /// The definition's version.
    public var version: String
    /// The kind of object evaluated: `project`, `portfolio` ...
    public var objectKind: String
    /// The object's id.
    public var objectId: String
    /// The object's name, when it has one.
    public var objectName: String?
    /// A KPI's value (nil when its inputs are missing).
    public var value: Double?
    /// A KPI's unit.
    public var unit: String?
    /// A KPI's rating: `green`, `amber`, `red`, or nil when unrated.
    public var rag: String?
    /// Whether a rule passed.
    public var passed: Bool?
    /// A rule's severity: `error`, `warning` or `info`.
    public var severity: String?
    /// A failed rule's message.
    public var message: String?
    /// The detail a rule's check returned with its verdict (pass or fail), as one line of text
    /// (`pmo.kpi.detail_text`); nil when it returned none.
    public var detail: String? = nil
    /// Why the KPI's or rule's function failed, when it did.
    public var error: String?
    /// Where it failed.
    public var traceback: String?
    /// `result:explain()`: the value, thresholds, inputs and provenance.
    public var explanation: String
    /// Whether this result breaches the level `pmo check` fails on.
    public var breached: Bool
    /// A KPI's value as every output shows it (pmo.format: in its unit, precisely enough
    /// never to contradict its rating), when the Lua side gave it.
    public var shown: String? = nil

    /// A result with these fields (the memberwise initializer, public).
    public init(id: String, kind: String, title: String, version: String, objectKind: String, objectId: String,
                objectName: String? = nil, value: Double? = nil, unit: String? = nil, rag: String? = nil,
                passed: Bool? = nil, severity: String? = nil, message: String? = nil, detail: String? = nil,
                error: String? = nil, traceback: String? = nil, explanation: String, breached: Bool,
                shown: String? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.version = version
        self.objectKind = objectKind
        self.objectId = objectId
        self.objectName = objectName
        self.value = value
        self.unit = unit
        self.rag = rag
        self.passed = passed
        self.severity = severity
        self.message = message
        self.detail = detail
        self.error = error
        self.traceback = traceback
        self.explanation = explanation
        self.breached = breached
        self.shown = shown
    }

    /// The value as the text formats show it: `shown`, else the number and its unit.
    public var valueText: String {
        if let shown { return shown }
        return (value.map { CheckFormatting.number($0) } ?? "no value") + (unit.map { " " + $0 } ?? "")
    }

    /// A one-word outcome: `error`, `pass`/`fail` for rules, the RAG (or `unrated`) for KPIs.
    public var outcome: String {
        if error != nil { return "error" }
        if kind == "rule" { return passed == true ? "pass" : "fail" }
        return rag ?? "unrated"
    }
}

/// Everything one `pmo check` run found.
public struct CheckReport: Equatable, Sendable {
    /// The date the portfolio was judged at.
    public var asof: String
    /// `red` or `amber`.
    public var failOn: String
    /// Every result, sorted by id, then object kind and id: the order every format prints.
    public var results: [CheckResult]

    /// A run's report: judged at `asof`, failing on `failOn`, with `results` in print order.
    public init(asof: String, failOn: String, results: [CheckResult]) {
        self.asof = asof
        self.failOn = failOn
        self.results = results
    }

    /// The results that breach.
    public var breaches: [CheckResult] { results.filter(\.breached) }
    /// Whether the check fails (exit status 1).
    public var failed: Bool { results.contains(where: \.breached) }
    /// The KPI and rule ids evaluated, in order.
    public var ids: [String] {
        var seen = Set<String>()
        return results.map(\.id).filter { seen.insert($0).inserted }
    }

    /// Counts by outcome (`green`, `amber`, `red`, `unrated`, `pass`, `fail`, `error`) of
    /// the results with `id`, or of all results.
    public func counts(id: String? = nil) -> [String: Int] {
        var out: [String: Int] = [:]
        for r in results where id == nil || r.id == id { out[r.outcome, default: 0] += 1 }
        return out
    }
}

/// Number formatting shared by the check formats, so text and XML show the same figures.
enum CheckFormatting {
    /// Up to four significant decimals, no trailing zeros: `0.8123`, `12`, `-3.5`.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
