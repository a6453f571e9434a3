import Foundation
@testable import REPL
@testable import RuleLibraries
@testable import Workbench
import XCTest

/// The three `pmo check` formats, on a hand-made report.
final class CheckFormatTests: XCTestCase {
    func result(_ id: String, _ object: String, rag: String? = nil, passed: Bool? = nil, error: String? = nil,
                breached: Bool = false) -> CheckResult {
        CheckResult(id: id, kind: passed == nil ? "kpi" : "rule", title: "T <&>", version: "2", objectKind: "project",
                    objectId: object, objectName: "Name \"quoted\"", value: rag == nil ? nil : 0.8125, unit: "ratio",
                    rag: rag, passed: passed, severity: passed == nil ? nil : "error",
                    message: passed == false ? "missing <charter> & plan" : nil, error: error,
                    traceback: error.map { "stack: " + $0 }, explanation: "because", breached: breached)
    }

    var report: CheckReport {
        CheckReport(asof: "2026-09-30", failOn: "red", results: [
            result("a.cpi", "P1", rag: "red", breached: true),
            result("a.cpi", "P2", rag: "green"),
            result("b.rule", "P1", passed: false, breached: true),
            result("c.kpi", "P1", error: "boom \u{1}", breached: true),
        ])
    }

    func testJUnitEscapesTextAndDropsControlCharacters() {
        let xml = CheckJUnitFormat.render(report)
        XCTAssertTrue(xml.contains("missing &lt;charter&gt; &amp; plan"), xml)
        XCTAssertFalse(xml.contains("\u{1}"), xml)
    }

    func testJUnitCountsFailuresAndErrorsApart() {
        let xml = CheckJUnitFormat.render(report)
        XCTAssertTrue(xml.contains(#"<testsuites name="pmo check" tests="4" failures="2" errors="1">"#), xml)
        XCTAssertTrue(xml.contains(#"<testcase classname="a.cpi" name="project P2"/>"#), xml)
    }

    func testJSONLeavesAbsentValuesOut() throws {
        let json = try CheckJSONFormat.render(report)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let results = try XCTUnwrap(document["results"] as? [[String: Any]])
        XCTAssertNil(results[2]["value"])
        XCTAssertEqual(results[0]["value"] as? Double, 0.8125)
        XCTAssertEqual(document["breaches"] as? Int, 3)
    }

    func testTextWithoutColourHasNoEscapes() {
        let text = CheckTextFormat(palette: Palette(enabled: false)).render(report)
        XCTAssertFalse(text.contains("\u{1B}"), text)
        XCTAssertTrue(text.contains("FAILED: 3 breaches at --fail-on red (4 results)"), text)
    }

    func testTextWithColourMarksBreachesRed() {
        let text = CheckTextFormat(palette: Palette(enabled: true)).render(report)
        XCTAssertTrue(text.contains("\u{1B}[31mRED  \u{1B}[0m"), text)
    }

    func testTextCountsEachKPIsOutcomes() {
        let text = CheckTextFormat(palette: Palette(enabled: false)).render(report)
        XCTAssertTrue(text.contains("a.cpi   1 green, 1 red"), text)
        XCTAssertTrue(text.contains("b.rule  1 fail"), text)
        XCTAssertTrue(text.contains("c.kpi   1 error"), text)
    }

    func testJSONWritesAnInfiniteValueAsText() throws {
        var r = result("a.cpi", "P1", rag: "green")
        r.value = .infinity
        let json = try CheckJSONFormat.render(CheckReport(asof: "2026-09-30", failOn: "red", results: [r]))
        XCTAssertTrue(json.contains(#""value" : "inf""#), json)
    }
}
