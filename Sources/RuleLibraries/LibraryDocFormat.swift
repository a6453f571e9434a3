import Foundation
import PMOScripting

/// Renders a `LibraryDoc` as Markdown or as one self-contained HTML page.
///
/// ```swift
/// try Data(LibraryDocFormat.html(doc).utf8).write(to: URL(fileURLWithPath: "acme.html"))
/// ```
public enum LibraryDocFormat {
    /// `green >= 0.95, amber >= 0.85 (higher is better)`, or nil for a rule.
    static func thresholds(_ d: LibraryDoc.Definition) -> String? {
        guard let green = d.green, let amber = d.amber else { return nil }
        let lower = d.direction == "lower_is_better"
        let cmp = lower ? "<=" : ">="
        return "green \(cmp) \(number(green)), amber \(cmp) \(number(amber)) (\(lower ? "lower" : "higher") is better)"
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// The facts of a definition, in display order, for both formats.
    static func facts(_ d: LibraryDoc.Definition) -> [(String, String)] {
        var out: [(String, String)] = [("kind", d.kind), ("applies to", d.appliesTo)]
        if let u = d.unit { out.append(("unit", u)) }
        if let t = thresholds(d) { out.append(("thresholds", t)) }
        if let s = d.severity { out.append(("severity", s)) }
        if let f = d.formula { out.append(("formula", f)) }
        if let s = d.source { out.append(("source", s)) }
        if let v = d.version { out.append(("version", v)) }
        return out
    }

    static func header(_ m: LibraryManifest) -> [(String, String)] {
        var out: [(String, String)] = []
        if let l = m.licence { out.append(("licence", l)) }
        if !m.authors.isEmpty { out.append(("authors", m.authors.joined(separator: ", "))) }
        if let h = m.homepage { out.append(("homepage", h)) }
        out.append(("roots", m.roots.joined(separator: ", ")))
        if !m.depends.isEmpty { out.append(("depends", m.depends.map(\.description).joined(separator: ", "))) }
        return out
    }

    /// Markdown: the manifest, a section per KPI or rule, a section per module.
    public static func markdown(_ doc: LibraryDoc) -> String {
        let m = doc.manifest
        var out = ["# \(m.name) \(m.version)", ""]
        if let s = m.summary { out += [s, ""] }
        out += header(m).map { "- **\($0.0)**: \($0.1)" } + [""]
        out += ["## KPIs and rules", ""]
        if doc.definitions.isEmpty { out += ["(none)", ""] }
        for d in doc.definitions {
            out += ["### `\(d.id)`: \(d.title)", ""]
            if let text = d.description { out += [text, ""] }
            out += ["| | |", "| --- | --- |"] + facts(d).map { "| \($0.0) | \($0.1.replacingOccurrences(of: "|", with: "\\|")) |" } + [""]
        }
        out += ["## Modules", ""]
        for module in doc.modules {
            out += ["### `\(module.name)`", ""]
            if !module.summary.isEmpty { out += [module.summary, ""] }
            for f in module.functions { out += ["#### `\(f.signature)`", "", f.text, ""] }
        }
        return out.joined(separator: "\n")
    }

    /// One HTML page, no external resources.
    public static func html(_ doc: LibraryDoc) -> String {
        let m = doc.manifest
        func e(_ s: String) -> String { XMLText.escaped(s) }
        func paragraphs(_ s: String) -> String {
            s.components(separatedBy: "\n\n").map { "<p>\(e($0))</p>" }.joined(separator: "\n")
        }
        var out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
                   "<title>\(e(m.name)) \(e(m.version.description))</title>",
                   "<style>body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em}th{text-align:left;padding-right:1em;vertical-align:top}code{background:#f3f3f3}</style>",
                   "</head><body>", "<h1>\(e(m.name)) \(e(m.version.description))</h1>"]
        if let s = m.summary { out.append("<p>\(e(s))</p>") }
        out.append("<table>" + header(m).map { "<tr><th>\(e($0.0))</th><td>\(e($0.1))</td></tr>" }.joined() + "</table>")
        out.append("<h2>KPIs and rules</h2>")
        for d in doc.definitions {
            out.append("<h3 id=\"\(e(d.id))\"><code>\(e(d.id))</code>: \(e(d.title))</h3>")
            if let text = d.description { out.append(paragraphs(text)) }
            out.append("<table>" + facts(d).map { "<tr><th>\(e($0.0))</th><td>\(e($0.1))</td></tr>" }.joined() + "</table>")
        }
        out.append("<h2>Modules</h2>")
        for module in doc.modules {
            out.append("<h3><code>\(e(module.name))</code></h3>")
            if !module.summary.isEmpty { out.append(paragraphs(module.summary)) }
            for f in module.functions { out.append("<h4><code>\(e(f.signature))</code></h4>\n" + paragraphs(f.text)) }
        }
        out.append("</body></html>")
        return out.joined(separator: "\n") + "\n"
    }
}
