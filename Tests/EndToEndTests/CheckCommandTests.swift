import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `pmo check` on a demo workspace: the verdict as an exit status, the three formats, the
/// workspace's own rules, and the config's defaults.
final class CheckCommandTests: EndToEndCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try demoWorkspace()
    }

    func check(_ arguments: String...) throws -> PMOProcess.Outcome {
        try PMOProcess.run(["check"] + arguments, in: path("ws"))
    }

    func testCheckExitsOneWhenAKPIIsRed() throws {
        let r = try check("--kpi", "pmo.evm.cpi")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("RED   pmo.evm.cpi  PRJ-003  0.81  Secure Archive 3"), r.stdout)
        XCTAssertTrue(r.stdout.contains("FAILED: 10 breaches at --fail-on red"), r.stdout)
    }

    func testCheckExitsZeroWhenNothingBreaches() throws {
        let r = try check("--kpi", "pmo.compliance.status_fresh")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("OK: no breaches at --fail-on red (30 results)"), r.stdout)
    }

    func testFailOnAmberMakesAmberABreach() throws {
        XCTAssertEqual(try check("--kpi", "pmo.delivery.on_time_rate").status, 0)
        let amber = try check("--kpi", "pmo.delivery.on_time_rate", "--fail-on", "amber")
        XCTAssertEqual(amber.status, 1)
        XCTAssertTrue(amber.stdout.contains("AMBER pmo.delivery.on_time_rate"), amber.stdout)
    }

    func testFailedWarningRulesBreachOnlyAtAmber() throws {
        XCTAssertEqual(try check("--kpi", "pmo.compliance.change_requests_decided").status, 0)
        XCTAssertEqual(try check("--kpi", "pmo.compliance.change_requests_decided", "--fail-on", "amber").status, 1)
    }

    func testTheWorkspacesRulesAreChecked() throws {
        try write("""
            -- A false green: the manager reports green while CPI is below 0.85.
            local kpi = require("pmo.kpi")
            kpi.rule {
              id = "local.no_false_green", severity = "error", applies_to = "project",
              check = function(p)
                local s, cpi = p:latest_status(), p:evm().cpi
                return not (s and s.overall == "green" and cpi and cpi < 0.85), cpi
              end,
              message = function(p, cpi) return string.format("%s reports green at CPI %.2f", p.id, cpi) end,
            }
            """, to: "ws/rules/false-green.lua")
        let r = try check("--kpi", "local.no_false_green")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("FAIL  local.no_false_green  PRJ-003  (error) PRJ-003 reports green at CPI 0.81"), r.stdout)
        XCTAssertTrue(r.stdout.contains("28 pass, 2 fail"), r.stdout)
    }

    func testARulesDetailIsInTheTextJSONAndJUnitOutputs() throws {
        try write("""
            require("pmo.kpi").rule {
              id = "local.detailed", severity = "error", applies_to = "project",
              check = function(p) return p.id ~= "PRJ-003", { seen = p.id } end,
              message = "PRJ-003 is not welcome",
            }
            """, to: "ws/rules/detailed.lua")
        let text = try check("--kpi", "local.detailed")
        XCTAssertTrue(text.stdout.contains("(error) PRJ-003 is not welcome [seen = PRJ-003]"), text.stdout)
        let json = try check("--kpi", "local.detailed", "--format", "json")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let results = document?["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(results.first { $0["object_id"] as? String == "PRJ-003" }?["detail"] as? String, "seen = PRJ-003")
        XCTAssertEqual(results.first { $0["object_id"] as? String == "PRJ-001" }?["detail"] as? String, "seen = PRJ-001")
        let junit = try check("--kpi", "local.detailed", "--format", "junit")
        XCTAssertTrue(junit.stdout.contains("message=\"error: PRJ-003 is not welcome [seen = PRJ-003]\""), junit.stdout)
        XCTAssertTrue(junit.stdout.contains("detail: seen = PRJ-003"), junit.stdout)
    }

    func testAKPIWhoseFunctionFailsIsAJUnitError() throws {
        try write("""
            require("pmo.kpi").define {
              id = "local.broken", title = "Broken", unit = "ratio", applies_to = "portfolio",
              thresholds = { green = 1, amber = 0.5 },
              compute = function(p) error("no data for " .. p.id) end,
            }
            """, to: "ws/rules/broken.lua")
        let r = try check("--kpi", "local.broken", "--format", "junit")
        XCTAssertEqual(r.status, 1, "an error breaches")
        XCTAssertTrue(r.stdout.contains(#"<testsuite name="local.broken" tests="3" failures="0" errors="3">"#), r.stdout)
        XCTAssertTrue(r.stdout.contains("no data for DIGITAL"), r.stdout)
        XCTAssertTrue(r.stdout.contains(#"<error type="error""#), r.stdout)
    }

    func testJUnitHasATestcasePerKPIAndObjectAndAFailurePerBreach() throws {
        let r = try check("--kpi", "pmo.evm.cpi", "--kpi", "pmo.evm.spi", "--format", "junit")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#), r.stdout)
        XCTAssertEqual(r.stdout.components(separatedBy: "<testcase ").count - 1, 60)
        XCTAssertEqual(r.stdout.components(separatedBy: "<failure ").count - 1, 15)
        XCTAssertTrue(r.stdout.contains(#"<testsuites name="pmo check" tests="60" failures="15" errors="0">"#), r.stdout)
        XCTAssertTrue(XMLParser(data: Data(r.stdout.utf8)).parse(), "well-formed XML")
    }

    func testJSONIsTheSameOnEveryRunAndSortedByIdAndObject() throws {
        let a = try check("--format", "json")
        let b = try check("--format", "json")
        XCTAssertEqual(a.stdout, b.stdout)
        let document = try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any]
        let results = document?["results"] as? [[String: Any]] ?? []
        let keys = results.map { "\($0["id"] ?? "") \($0["object_kind"] ?? "") \($0["object_id"] ?? "")" }
        XCTAssertEqual(keys, keys.sorted())
        XCTAssertEqual(document?["failed"] as? Bool, true)
        // 449 before the DCMA assessment's 19 rules (14 DCMA, 5 GAO) on the 30 active projects.
        XCTAssertEqual(results.count, 449 + 19 * 30)
    }

    func testAnUnknownKPIIsAUsageErrorListingTheKnownOnes() throws {
        let r = try check("--kpi", "pmo.evm.cpy")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("no KPI or rule 'pmo.evm.cpy'; known ids: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("pmo.evm.cpi"), r.stderr)
    }

    func testARuleFileWithASyntaxErrorIsAScriptErrorNamingFileAndLine() throws {
        try write("local kpi = require('pmo.kpi')\nkpi.rule {\n  id = 'x'\n  severity = 'error',\n}\n", to: "ws/rules/bad.lua")
        let r = try check()
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.lua:4:"), r.stderr)
    }

    func testAsofJudgesThePortfolioAtThatDate() throws {
        let r = try check("--kpi", "pmo.evm.cpi", "--asof", "2026-03-31", "--format", "json")
        XCTAssertTrue(r.stdout.contains(#""asof" : "2026-03-31""#), r.stdout)
        let now = try check("--kpi", "pmo.evm.cpi", "--format", "json")
        XCTAssertNotEqual(r.stdout, now.stdout, "earlier figures differ")
    }

    func testTheConfigsReportDefaultsApply() throws {
        var config = try String(contentsOfFile: path("ws/pmo.config.lua"), encoding: .utf8)
        config = config.replacingOccurrences(of: #"fail_on = "red""#, with: #"fail_on = "amber""#)
        config = config.replacingOccurrences(of: #"-- kpis = { "pmo.evm.cpi", "pmo.evm.spi" },"#, with: #"kpis = { "pmo.delivery.on_time_rate" },"#)
        try write(config, to: "ws/pmo.config.lua")
        let r = try check()
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("1 KPI or rule (1 result on 1 object)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("failing on amber"), r.stdout)
    }

    func testCheckNeedsAWorkspaceOrAStore() throws {
        let r = try pmo("check")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("no workspace here"), r.stderr)
    }

    func testExplainShowsTheInputsOfEachBreach() throws {
        let r = try check("--kpi", "pmo.evm.cpi", "--explain")
        XCTAssertTrue(r.stdout.contains("formula: CPI = EV / AC"), r.stdout)
    }
}
