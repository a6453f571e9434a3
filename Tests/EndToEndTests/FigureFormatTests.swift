import Foundation
import XCTest

/// Figures as a manager reads them, through the real binary: `pmo eval` prints as the REPL
/// does, every report format shows money, shares and ratios in their units (pmo.format), CSV
/// and JSON keep full precision without float noise, and a value is never shown on the
/// other side of a threshold from its rating.
final class FigureFormatTests: XCTestCase {
    /// Lines of `text` matching the regular expression `pattern`.
    func matches(_ pattern: String, in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        return text.split(separator: "\n").map(String.init).filter {
            re.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil
        }
    }

    func eval(_ code: String) throws -> ReportHarness.Outcome {
        let h = try ReportHarness(self)
        return try h.run(["eval", code])
    }

    func testEvalPrintsAListOfProjectsAsATableWithMoney() throws {
        let r = try eval("pmo.projects()")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.text.contains("List: 0x"), r.text)
        XCTAssertTrue(r.text.hasPrefix("List "), r.text)
        XCTAssertTrue(r.text.contains(" records\n"), r.text)
        XCTAssertTrue(r.text.contains("PRJ-001"), r.text)
        XCTAssertFalse(matches(#"€\d{1,3}(,\d{3})+\s*$"#, in: r.text).isEmpty, "BAC as money: \(r.text)")
    }

    func testEvalPrintsEarnedValueFiguresInTheirUnits() throws {
        let r = try eval(#"pmo.project("PRJ-001"):evm()"#)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(matches(#"\bac = -?€\d{1,3}(,\d{3})*"#, in: r.text).isEmpty, r.text)
        XCTAssertFalse(matches(#"\bcpi = \d+\.\d\d(,|\s|$)"#, in: r.text).isEmpty, r.text)
        XCTAssertTrue(matches(#"\d_\d{3}|e\+0"#, in: r.text).isEmpty, "no 1_000 or exponents: \(r.text)")
    }

    func testEvalPrintsANumberWithThousandsSeparators() throws {
        let r = try eval("832000.0, 1234567.891")
        XCTAssertEqual(r.text, "832,000\t1,234,567.89\n")
    }

    func testExplanationShowsInputsAsMoneyAndTheValueAsARatio() throws {
        let r = try eval(#"""
            require("pmo.kpis"); print(require("pmo.kpi").evaluate("pmo.evm.cpi", pmo.project("PRJ-001"))[1]:explain())
            """#)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(matches(#"pmo\.evm\.cpi for project PRJ-001 = \d+\.\d\d -> (red|amber|green) \(green >= 0\.95, amber >= 0\.85\)"#,
                               in: r.text).isEmpty, r.text)
        XCTAssertFalse(matches(#"^\s+ac = €\d{1,3}(,\d{3})*$"#, in: r.text).isEmpty, r.text)
    }

    func testReportShowsMoneySharesAndRatiosForManagersInTextMarkdownAndHTML() throws {
        let h = try ReportHarness(self)
        for format in ["text", "md", "html"] {
            let r = try h.pmoRun(ReportHarness.portfolioReport, "--format", format)
            XCTAssertEqual(r.status, 0, "\(format): \(r.stderr)")
            let text = r.text
            XCTAssertFalse(matches(#"€\d{1,3}(,\d{3}){2,}"#, in: text).isEmpty, "\(format): money with separators")
            XCTAssertFalse(matches(#"-?\d+\.\d%"#, in: text).isEmpty, "\(format): shares as percentages")
            XCTAssertFalse(matches(#"(^|[ |>])0\.\d\d( |<| \|)"#, in: text).isEmpty, "\(format): ratios to 2 decimals")
            XCTAssertEqual(matches(#"\d\.\d{5,}|\d_\d{3}|\de[+-]\d"#, in: text.replacingOccurrences(of: #"<svg[\s\S]*?</svg>"#, with: "", options: .regularExpression)),
                           [], "\(format): no raw floats, underscores or exponents")
        }
    }

    func testMarkdownEscapesOnlyWhatMarkdownNeeds() throws {
        let h = try ReportHarness(self)
        let r = try h.pmoRun(ReportHarness.portfolioReport, "--format", "md")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(matches(#"\d\\\.|\\-\d|PRJ\\-"#, in: r.text), [], "figures and ids are not escaped")
    }

    func testCSVAndJSONKeepFullPrecisionWithoutFloatNoise() throws {
        let h = try ReportHarness(self)
        for format in ["csv", "json"] {
            let r = try h.pmoRun(ReportHarness.portfolioReport, "--format", format)
            XCTAssertEqual(r.status, 0, "\(format): \(r.stderr)")
            XCTAssertEqual(matches(#"\d\.\d*(0000000\d|9999999\d)"#, in: r.text), [], "\(format): no float noise")
            XCTAssertFalse(matches(#"\d\.\d{12,}"#, in: r.text).isEmpty, "\(format): full precision kept")
            XCTAssertEqual(matches(#"€\d"#, in: r.text), [], "\(format): raw numbers, unformatted")
        }
    }

    func testCSVCarriesTilesAndChartsAndSaysItCannotHoldHeadings() throws {
        let h = try ReportHarness(self)
        let r = try h.pmoRun(ReportHarness.portfolioReport, "--format", "csv")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.text.hasPrefix("KPI,value,RAG,note\r\n"), r.text)
        XCTAssertTrue(r.text.contains("\r\nCost performance index,0."), r.text)
        XCTAssertTrue(r.stderr.contains("csv holds the report's tables, KPI tiles and chart data; it cannot hold its"), r.stderr)
        XCTAssertTrue(r.stderr.contains("headings"), r.stderr)
    }

    // The RAG rule: a value of 0.9496 against "green >= 0.95" is amber, and every output
    // shows it as 0.9496, never as 0.95 next to an amber.
    static let nearThreshold = #"""
        local kpi, report = require("pmo.kpi"), require("pmo.report")
        kpi.define { id = "test.near", title = "Near the band", unit = "ratio", applies_to = "project",
          thresholds = { green = 0.95, amber = 0.85 }, compute = function(p) return 0.9496 end }
        local results = kpi.evaluate("test.near", pmo.projects():filter(function(p) return p.id == "PRJ-001" end))
        print(results[1]:explain())
        print(tostring(results[1]))
        local doc = report.new { title = "Near" }
        doc:kpi_tiles(results)
        doc:table(results, { "object_id", "value", "rag" })
        return doc
        """#

    func testAValueJustUnderAGreenThresholdIsShownPreciselyEverywhere() throws {
        let h = try ReportHarness(self)
        try h.write("near.lua", Self.nearThreshold)
        for format in ["text", "md", "html"] {
            let r = try h.pmoRun("near.lua", "--format", format)
            XCTAssertEqual(r.status, 0, "\(format): \(r.stderr)")
            XCTAssertTrue(r.text.contains("test.near for project PRJ-001 = 0.9496 -> amber (green >= 0.95, amber >= 0.85)"), r.text)
            XCTAssertTrue(r.text.contains("test.near PRJ-001: 0.9496 (amber)"), r.text)
            XCTAssertEqual(r.text.components(separatedBy: "0.9496").count - 1, 4,
                           "\(format): explanation, tostring, tile and table: \(r.text)")
            XCTAssertEqual(matches(#"0\.95[^\d,]"#, in: r.text), [], "\(format): 0.95 only as the threshold")
        }
    }
}
