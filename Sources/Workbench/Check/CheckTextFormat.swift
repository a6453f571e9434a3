import Foundation
import REPL
import RuleLibraries

/// `pmo check --format text`: the breaches first, one line each (with the explanation under
/// it when asked), then a line per KPI or rule with its counts, then the verdict.
public struct CheckTextFormat {
    /// Colours, when the output is a terminal.
    public var palette: Palette
    /// Print each breach's explanation (value, thresholds, inputs, provenance) under it.
    public var explain: Bool

    /// Creates a formatter.
    public init(palette: Palette, explain: Bool = false) {
        self.palette = palette
        self.explain = explain
    }

    /// The whole report as text, ending with a newline.
    public func render(_ report: CheckReport) -> String {
        var out: [String] = []
        let objects = Set(report.results.map { "\($0.objectKind) \($0.objectId)" }).count
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        out.append(palette.bold("pmo check: \(count(report.ids.count, "KPI or rule", "KPIs and rules")) (\(count(report.results.count, "result", "results")) on \(count(objects, "object", "objects"))), as of \(report.asof), failing on \(report.failOn)"))
        let breaches = report.breaches
        if !breaches.isEmpty {
            out.append("")
            out.append(palette.bold("Breaches (\(breaches.count)):"))
            let idWidth = breaches.map(\.id.count).max() ?? 0
            for r in breaches {
                out.append("  \(tag(r)) \(r.id.padding(toLength: idWidth, withPad: " ", startingAt: 0))  \(r.objectId)  \(detail(r))")
                if explain {
                    out.append(contentsOf: r.explanation.split(separator: "\n").map { "        " + palette.dim(String($0)) })
                }
            }
        }
        out.append("")
        out.append(palette.bold("By KPI and rule:"))
        let idWidth = report.ids.map(\.count).max() ?? 0
        for id in report.ids {
            let counts = report.counts(id: id)
            let order = ["green", "amber", "red", "unrated", "pass", "fail", "error"]
            let text = order.compactMap { key in counts[key].map { "\($0) \(key)" } }.joined(separator: ", ")
            let title = report.results.first { $0.id == id }?.title ?? ""
            out.append("  \(id.padding(toLength: idWidth, withPad: " ", startingAt: 0))  \(text)  \(palette.dim(title))")
        }
        out.append("")
        if report.failed {
            out.append(palette.red("FAILED: \(breaches.count) breaches at --fail-on \(report.failOn) (\(report.results.count) results)"))
        } else {
            out.append(palette.green("OK: no breaches at --fail-on \(report.failOn) (\(report.results.count) results)"))
        }
        return out.joined(separator: "\n") + "\n"
    }

    func tag(_ r: CheckResult) -> String {
        switch r.outcome {
        case "error": return palette.red("ERROR")
        case "red", "fail": return palette.red(r.outcome.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0))
        default: return palette.amber(r.outcome.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0))
        }
    }

    func detail(_ r: CheckResult) -> String {
        if let error = r.error { return error }
        if r.kind == "rule" {
            let message = "(\(r.severity ?? "error")) \(r.message ?? "failed")"
            // The check's own detail, when the message does not already say it.
            if let detail = r.detail, detail != r.message { return message + " [" + detail + "]" }
            return message
        }
        return "\(r.valueText)  \(r.objectName ?? "")"
    }
}
