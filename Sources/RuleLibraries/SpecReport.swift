import PMOScripting

/// Test results as text for people, TAP (Test Anything Protocol, version 13) or JUnit XML,
/// for `pmo lib test`.
///
/// ```swift
/// print(SpecReport.tap(results))            // "TAP version 13\n1..3\nok 1 - ..."
/// print(SpecReport.junit(results, suite: "acme-delivery"))
/// ```
public enum SpecReport {
    /// TAP: a plan, then `ok N - name` or `not ok N - name` with the message as a YAML block;
    /// pending tests are `ok` with a `# SKIP` directive.
    public static func tap(_ results: [SpecResult]) -> String {
        var lines = ["TAP version 13", "1..\(results.count)"]
        for (i, r) in results.enumerated() {
            let title = "\(r.file): \(r.name)".replacingOccurrences(of: "#", with: "\\#")
            switch r.status {
            case .pass: lines.append("ok \(i + 1) - \(title)")
            case .pending: lines.append("ok \(i + 1) - \(title) # SKIP pending")
            case .fail, .error:
                lines.append("not ok \(i + 1) - \(title)")
                lines.append("  ---")
                lines.append("  severity: \(r.status == .fail ? "fail" : "error")")
                lines.append("  message: |")
                for line in (r.message ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append("    " + line)
                }
                lines.append("  ...")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JUnit XML: one `testsuite` per spec file, a `testcase` per test, `failure` for a failed
    /// assertion, `error` for anything else raised, `skipped` for pending.
    public static func junit(_ results: [SpecResult], suite: String) -> String {
        var files: [String] = []
        for r in results where !files.contains(r.file) { files.append(r.file) }
        func count(_ s: [SpecResult], _ status: SpecResult.Status) -> Int { s.filter { $0.status == status }.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(XMLText.escaped(suite))\" tests=\"\(results.count)\" failures=\"\(count(results, .fail))\" errors=\"\(count(results, .error))\">\n"
        for file in files {
            let rs = results.filter { $0.file == file }
            out += "  <testsuite name=\"\(XMLText.escaped(file))\" tests=\"\(rs.count)\" failures=\"\(count(rs, .fail))\" errors=\"\(count(rs, .error))\" skipped=\"\(count(rs, .pending))\">\n"
            for r in rs {
                let open = "    <testcase classname=\"\(XMLText.escaped(suite + "." + file))\" name=\"\(XMLText.escaped(r.name))\""
                switch r.status {
                case .pass: out += open + "/>\n"
                case .pending: out += open + "><skipped/></testcase>\n"
                case .fail, .error:
                    let tag = r.status == .fail ? "failure" : "error"
                    let message = r.message ?? ""
                    let first = message.split(separator: "\n").first.map(String.init) ?? ""
                    out += open + ">\n      <\(tag) message=\"\(XMLText.escaped(first))\">\(XMLText.escaped(message))</\(tag)>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// The report for people: one line per test (`PASS    file: name`, the status padded to 7),
    /// a failure's message below it indented by 8, then `summary`. pmo.spec's `text` writes
    /// the same for runs outside Swift (stdlib/spec/runner.lua); StdlibSpecTests holds them equal.
    public static func text(_ results: [SpecResult]) -> String {
        var lines = results.map { r -> String in
            let head = "\(r.status.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(r.file): \(r.name)"
            return r.message.map { head + "\n        " + $0.replacingOccurrences(of: "\n", with: "\n        ") } ?? head
        }
        if results.isEmpty { lines.append("no tests: add spec/*_spec.lua files") }
        lines.append(summary(results))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The closing line for people: `5 passed, 1 failed, 0 errors, 1 pending`.
    public static func summary(_ results: [SpecResult]) -> String {
        func n(_ s: SpecResult.Status) -> Int { results.filter { $0.status == s }.count }
        return "\(n(.pass)) passed, \(n(.fail)) failed, \(n(.error)) errors, \(n(.pending)) pending"
    }
}
