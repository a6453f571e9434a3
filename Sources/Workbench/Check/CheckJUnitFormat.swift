import PMOScripting
import RuleLibraries

/// `pmo check --format junit`: JUnit XML, which CI dashboards (Jenkins, GitLab, GitHub
/// test reporters) show as tests. One `<testsuite>` per KPI or rule, one `<testcase>` per
/// object it applies to; a breach is a `<failure>`, a KPI whose function failed an
/// `<error>`. No timestamps or timings, so the file is the same for the same portfolio.
public enum CheckJUnitFormat {
    /// The report as an XML document, ending with a newline.
    public static func render(_ report: CheckReport) -> String {
        let errors = report.results.filter { $0.error != nil }.count
        let failures = report.breaches.count - errors
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="pmo check" tests="\#(report.results.count)" failures="\#(failures)" errors="\#(errors)">"#,
        ]
        for id in report.ids {
            let results = report.results.filter { $0.id == id }
            let suiteErrors = results.filter { $0.error != nil }.count
            let suiteFailures = results.filter(\.breached).count - suiteErrors
            lines.append(#"  <testsuite name="\#(XMLText.escaped(id))" tests="\#(results.count)" failures="\#(suiteFailures)" errors="\#(suiteErrors)">"#)
            lines.append("    <properties>")
            lines.append(#"      <property name="asof" value="\#(XMLText.escaped(report.asof))"/>"#)
            lines.append(#"      <property name="fail_on" value="\#(XMLText.escaped(report.failOn))"/>"#)
            lines.append(#"      <property name="version" value="\#(XMLText.escaped(results.first?.version ?? ""))"/>"#)
            lines.append("    </properties>")
            for r in results {
                let open = #"    <testcase classname="\#(XMLText.escaped(r.id))" name="\#(XMLText.escaped("\(r.objectKind) \(r.objectId)"))""#
                if let error = r.error {
                    lines.append(open + ">")
                    lines.append(#"      <error type="error" message="\#(XMLText.escaped(error))">\#(XMLText.escaped(r.traceback ?? error))</error>"#)
                    lines.append("    </testcase>")
                } else if r.breached {
                    lines.append(open + ">")
                    lines.append(#"      <failure type="\#(r.outcome)" message="\#(XMLText.escaped(summary(r)))">\#(XMLText.escaped(r.explanation))</failure>"#)
                    lines.append("    </testcase>")
                } else {
                    lines.append(open + "/>")
                }
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func summary(_ r: CheckResult) -> String {
        if r.kind == "rule" {
            let message = "\(r.severity ?? "error"): \(r.message ?? "failed")"
            if let detail = r.detail, detail != r.message { return message + " [" + detail + "]" }
            return message
        }
        return "\(r.outcome): \(r.valueText)"
    }
}
