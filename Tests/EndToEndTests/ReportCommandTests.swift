import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `pmo run --format F -o FILE` on report scripts, through the real binary: every format of
/// the example report, byte-identical reruns, the emit convention, and escaping of hostile
/// names in each format.
final class ReportCommandTests: XCTestCase {
    static let formats = ["text", "md", "csv", "json", "html"]

    // A script whose data holds every character that could break a format: markup, quotes,
    // Markdown and CSV metacharacters, a formula, a newline and a terminal escape.
    static let hostile = "<script>alert(1)</script> & \"q\" 'a' | *b* _c_ `d` [e](f) =cmd,x\nline2 \u{1B}[31m"
    static let hostileScript = #"""
        local report = require("pmo.report")
        local name = ...
        local doc = report.new { title = name, subtitle = name }
        doc:section(name)
        doc:paragraph(name)
        doc:table({ { id = "P1", name = name, bac = 1200.5, rag = "red" }, { id = name, name = "# plain", bac = -3, rag = "green" },
          { id = "=1+2", name = "@SUM(A1)", bac = 0, rag = "amber" } },
          { "id", "name", "bac", "rag" }, { title = name })
        doc:kpi_tiles { { label = name, value = 0.5, format = "percent", rag = "amber", note = name } }
        doc:chart { kind = "bar", title = name, categories = { name, "B" }, series = { { name = name, values = { 1, 2 } } } }
        doc:chart { kind = "heatmap", title = name, rows = { name }, columns = { name }, cells = { { { rag = "red", text = name } } } }
        doc:chart { kind = "timeline", title = name, milestones = { { project_id = name, name = name, baseline_date = "2026-01-31", forecast_date = "2026-02-15" } } }
        return doc
        """#

    func testPortfolioReportRendersInEveryFormat() throws {
        let h = try ReportHarness(self)
        for format in Self.formats {
            let r = try h.pmoRun(ReportHarness.portfolioReport, "--format", format, "-o", "report.\(format)")
            XCTAssertEqual(r.status, 0, "\(format): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty, "\(format): with -o nothing goes to stdout")
        }
        let text = String(decoding: try h.contents("report.text"), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("Portfolio report\n================\n"), text)
        XCTAssertTrue(text.contains("KPI ratings by project"), text)

        let md = String(decoding: try h.contents("report.md"), as: UTF8.self)
        XCTAssertTrue(md.hasPrefix("# Portfolio report\n"), md)
        XCTAssertTrue(md.contains("## Health by project"), md)
        XCTAssertTrue(md.contains("| --- |"), md)

        let csv = String(decoding: try h.contents("report.csv"), as: UTF8.self)
        XCTAssertTrue(csv.hasPrefix("KPI,value,RAG,note\r\n"), csv)
        XCTAssertTrue(csv.contains("\r\n\r\nid,project_id,title,owner,probability,impact_cost,exposure\r\n"), csv)
        XCTAssertTrue(csv.contains("\r\n\r\nid,name,manager,phase,bac,CPI,SPI,reported,calculated,false green\r\n"), csv)

        let json = try JSONSerialization.jsonObject(with: try h.contents("report.json")) as? [String: Any]
        XCTAssertEqual(json?["title"] as? String, "Portfolio report")
        let blocks = json?["blocks"] as? [[String: Any]] ?? []
        let kinds = Set(blocks.compactMap { ($0["chart"] as? [String: Any])?["kind"] as? String })
        XCTAssertEqual(kinds, ["heatmap", "scurve", "line", "risk_matrix", "capacity", "timeline"])

        let html = String(decoding: try h.contents("report.html"), as: UTF8.self)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), html)
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 6, "one SVG per chart")
        for caption in ["KPI ratings by project", "Cumulative PV, EV and AC", "Open risks: probability × impact",
                        "Capacity against planned demand by role", "Milestones from"] {
            XCTAssertTrue(html.contains(caption), caption)
        }
    }

    func testTheHTMLReportLoadsNothingFromOutside() throws {
        let h = try ReportHarness(self)
        XCTAssertEqual(try h.pmoRun(ReportHarness.portfolioReport, "--format", "html", "-o", "r.html").status, 0)
        let html = String(decoding: try h.contents("r.html"), as: UTF8.self)
        for banned in ["<script", "<link", "<img", "<iframe", "@import", " src=", " href="] {
            XCTAssertFalse(html.contains(banned), "found \(banned)")
        }
        // The only URL is the SVG namespace, which is a name, never fetched; url(...) only
        // points at patterns inside the page.
        let urls = html.components(separatedBy: "://").count - 1
        XCTAssertEqual(urls, html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
        XCTAssertFalse(html.replacingOccurrences(of: "url(#", with: "").contains("url("))
        XCTAssertTrue(html.contains("@media print"))
        XCTAssertTrue(html.contains("Content-Security-Policy"))
    }

    func testTheSameDataGivesByteIdenticalReportsWhateverTheDate() throws {
        let h = try ReportHarness(self)
        for format in Self.formats {
            let a = try h.pmoRun(ReportHarness.portfolioReport, "--format", format, environment: ["PMO_TODAY": "2026-10-01"])
            let b = try h.pmoRun(ReportHarness.portfolioReport, "--format", format, environment: ["PMO_TODAY": "2027-03-15"])
            XCTAssertEqual(a.status, 0, a.stderr)
            XCTAssertGreaterThan(a.stdout.count, 500, format)
            XCTAssertEqual(a.stdout, b.stdout, "\(format) differs between runs")
        }
    }

    func testAScriptCanEmitItsReportInsteadOfReturningIt() throws {
        let h = try ReportHarness(self)
        let script = try h.write("emit.lua", """
            local report = require("pmo.report")
            local doc = report.new { title = "Emitted" }
            doc:paragraph("args: " .. table.concat({ ... }, " "))
            report.emit(doc)
            print("before the report")
            """)
        let r = try h.pmoRun(script, "--since", "2026-01-01", "--format", "md", "--", "--format", "x")
        XCTAssertEqual(r.status, 0, r.stderr)
        // --format before `--` is pmo's; after it, the script's (and `--` itself reaches it, as before).
        XCTAssertEqual(r.text, "before the report\n# Emitted\n\nargs: --since 2026-01-01 -- --format x\n")
    }

    func testFormatWithoutAReportFailsAndSaysWhatToDo() throws {
        let h = try ReportHarness(self)
        let script = try h.write("plain.lua", "print('no report here')")
        let r = try h.pmoRun(script, "--format", "html", "-o", "out.html")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("report.emit(doc)"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: h.path("out.html")))
        // Without --format a script that makes no report runs as it always did.
        let plain = try h.pmoRun(script)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertEqual(plain.text, "no report here\n")
    }

    func testAnUnknownFormatIsAUsageError() throws {
        let h = try ReportHarness(self)
        let r = try h.pmoRun(ReportHarness.portfolioReport, "--format", "pdf")
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("pdf"), r.stderr)
    }

    // MARK: --format and -o, parsed by ArgumentParser before and after SCRIPT

    static let argsReport = """
        local doc = require("pmo.report").new { title = "Args" }
        doc:paragraph("args: " .. table.concat({ ... }, " "))
        return doc
        """

    func testFormatAndOutputBeforeTheScriptAreTakenToo() throws {
        let h = try ReportHarness(self)
        let script = try h.write("args.lua", Self.argsReport)
        let r = try h.pmoRun("--format", "md", "-o", "out.md", script, "x")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(String(decoding: try h.contents("out.md"), as: UTF8.self), "# Args\n\nargs: x\n")
    }

    func testAFormatGivenBeforeAndAfterTheScriptTakesTheLaterOne() throws {
        let h = try ReportHarness(self)
        let script = try h.write("args.lua", Self.argsReport)
        let r = try h.pmoRun("--format", "json", script, "--format=md")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "# Args\n\nargs: \n")
    }

    func testHelpAndPmosOtherOptionsAfterTheScriptAreTheScripts() throws {
        let h = try ReportHarness(self)
        let script = try h.write("args.lua", Self.argsReport)
        let r = try h.pmoRun(script, "--help", "-h", "--sandbox", "--store", "s.db", "-5", "--format", "md")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.text, "# Args\n\nargs: --help -h --sandbox --store s.db -5\n")
    }

    func testAnUnknownFormatAfterTheScriptListsTheFormats() throws {
        let h = try ReportHarness(self)
        let r = try h.pmoRun(ReportHarness.portfolioReport, "--since", "2026-01-01", "--format", "pdf")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("The value 'pdf' is invalid for '--format <format>'. Please provide one of 'text', 'md', 'csv', 'json' or 'html'."), r.stderr)
        XCTAssertTrue(r.stderr.contains("Usage: pmo run"), r.stderr)
    }

    func testOutputWithoutAFileAfterTheScriptIsAUsageError() throws {
        let h = try ReportHarness(self)
        let r = try h.pmoRun(ReportHarness.portfolioReport, "-o")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("Missing value for '-o <file>'"), r.stderr)
        XCTAssertTrue(r.text.isEmpty, "the script does not run")
    }

    func testArgumentParsersHelpDumpFlagAfterTheScriptIsRefusedNotAnswered() throws {
        let h = try ReportHarness(self)
        let script = try h.write("args.lua", Self.argsReport)
        let r = try h.pmoRun(script, "--experimental-dump-help")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--experimental-dump-help after SCRIPT: put it after `--` to pass it to the script"), r.stderr)
        XCTAssertTrue(r.text.isEmpty, r.text)
        let passed = try h.pmoRun(script, "--", "--experimental-dump-help")
        XCTAssertTrue(passed.text.hasSuffix("args: -- --experimental-dump-help\n"), passed.text + passed.stderr)
    }

    func testRunHelpListsTheReportOptionsOnce() throws {
        let h = try ReportHarness(self)
        let help = try h.pmoRun("--help").text
        XCTAssertEqual(help.components(separatedBy: "-o, --output <file>").count, 2, help)
        XCTAssertEqual(help.components(separatedBy: "  --format <format>").count, 2, help)
    }

    func testABadChartSpecNamesTheKindAndTheField() throws {
        let h = try ReportHarness(self)
        let script = try h.write("bad.lua", """
            local doc = require("pmo.report").new { title = "x" }
            doc:chart { kind = "risk_matrix" }
            return doc
            """)
        let r = try h.pmoRun(script, "--format", "html")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.lua:2: bad argument #1 to 'chart' (risk_matrix chart: give risks"), r.stderr)
    }

    // MARK: escaping

    func render(_ format: String) throws -> Data {
        let h = try ReportHarness(self)
        let script = try h.write("hostile.lua", Self.hostileScript)
        let r = try h.pmoRun(script, Self.hostile, "--format", format)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    func testHTMLEscapesNamesInTextAttributesAndCharts() throws {
        let html = String(decoding: try render("html"), as: UTF8.self)
        XCTAssertFalse(html.contains("<script"), "a name opened an element")
        XCTAssertFalse(html.contains("\u{1B}"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;"), html)
        // Every SVG must still be well-formed XML with the names inside.
        var rest = html[...]
        var count = 0
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            let svg = String(rest[start.lowerBound..<end.upperBound])
            let parser = XMLParser(data: Data(svg.utf8))
            XCTAssertTrue(parser.parse(), "SVG \(count + 1) is not well-formed: \(String(describing: parser.parserError))")
            XCTAssertTrue(svg.contains("&lt;script&gt;"), "SVG \(count + 1) lost the name")
            rest = rest[end.upperBound...]
            count += 1
        }
        XCTAssertEqual(count, 3)
    }

    func testMarkdownEscapesNamesSoTablesKeepTheirColumns() throws {
        let md = String(decoding: try render("md"), as: UTF8.self)
        XCTAssertFalse(md.contains("<script"))
        XCTAssertFalse(md.contains("\u{1B}"))
        XCTAssertTrue(md.contains("\\*b\\* \\_c\\_ \\`d\\` \\[e\\](f)"), md)
        // Every row of every pipe table has as many unescaped pipes as its header.
        var expected: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { expected = nil; continue }
            var pipes = 0, escaped = false
            for ch in line {
                if ch == "|" && !escaped { pipes += 1 }
                escaped = ch == "\\" && !escaped
            }
            if let expected { XCTAssertEqual(pipes, expected, String(line)) } else { expected = pipes }
        }
        // A cell never starts a block: "#" needs no escape there (only what Markdown needs).
        XCTAssertTrue(md.contains("| # plain |"), md)
    }

    func testCSVQuotesFieldsAndDisarmsFormulas() throws {
        let csv = String(decoding: try render("csv"), as: UTF8.self)
        // The table first; the tiles and the charts' data follow as tables of their own.
        let rows = Array(Self.parseCSV(csv).prefix(4))
        XCTAssertEqual(rows[0], ["id", "name", "bac", "rag"])
        XCTAssertEqual(rows[1], ["P1", Self.hostile, "1200.5", "red"])
        XCTAssertEqual(rows[2], [Self.hostile, "# plain", "-3", "green"])
        // Text that a spreadsheet would run as a formula gets a leading apostrophe.
        XCTAssertEqual(rows[3], ["'=1+2", "'@SUM(A1)", "0", "amber"])
    }

    func testJSONKeepsNamesExactly() throws {
        let data = try render("json")
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        XCTAssertEqual(json?["title"] as? String, Self.hostile)
        let blocks = json?["blocks"] as? [[String: Any]] ?? []
        let table = blocks.first { $0["type"] as? String == "table" }
        let rows = table?["rows"] as? [[String: Any]]
        XCTAssertEqual(rows?.first?["name"] as? String, Self.hostile)
        XCTAssertEqual(rows?.first?["bac"] as? Double, 1200.5)
        XCTAssertFalse(String(decoding: data, as: UTF8.self).contains("<"), "< is escaped for embedding in HTML")
    }

    func testTerminalTextShowsControlCharactersInsteadOfSendingThem() throws {
        let text = String(decoding: try render("text"), as: UTF8.self)
        XCTAssertFalse(text.contains("\u{1B}"), "an escape in the data reached the terminal")
        XCTAssertTrue(text.contains("\\027[31m"), text)
        XCTAssertTrue(text.contains("RED"), "RAG as a word when not on a terminal")
    }

    // MARK: colour

    func testColoursOnATerminalOnlyAndNeverWithNoColor() throws {
        guard let script = ReportHarness.which("script") else {
            throw XCTSkip("`script` (util-linux) is not installed: cannot give pmo a terminal")
        }
        let h = try ReportHarness(self)
        let lua = try h.write("rag.lua", """
            local doc = require("pmo.report").new { title = "RAG" }
            doc:table({ { id = "P1", rag = "red" }, { id = "P2", rag = "green" } }, { "id", "rag" })
            return doc
            """)
        let command = "\(ReportHarness.binary.path) run \(lua)"
        let tty = try h.run(["-q", "-e", "-c", command, "/dev/null"], executable: script, environment: ["NO_COLOR": nil, "TERM": "xterm"])
        XCTAssertEqual(tty.status, 0, tty.stderr)
        XCTAssertTrue(tty.text.contains("\u{1B}[31m■ Red"), tty.text)
        XCTAssertTrue(tty.text.contains("● Green"), tty.text)
        let noColour = try h.run(["-q", "-e", "-c", command, "/dev/null"], executable: script, environment: ["NO_COLOR": "1", "TERM": "xterm"])
        XCTAssertFalse(noColour.text.contains("\u{1B}["), noColour.text)
        XCTAssertTrue(noColour.text.contains("RED"), noColour.text)
        let piped = try h.pmoRun(lua, environment: ["NO_COLOR": nil])
        XCTAssertFalse(piped.text.contains("\u{1B}["), piped.text)
    }

    // MARK: helpers

    /// RFC 4180: fields separated by commas, quoted fields may hold commas, quotes (doubled)
    /// and line breaks; records end in CRLF. Blank lines separate tables and are skipped.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r\n" || c == "\n" {
                row.append(field); field = ""
                if row != [""] { rows.append(row) }
                row = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
