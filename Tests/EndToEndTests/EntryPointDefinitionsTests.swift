import Foundation
import XCTest

/// Every entry point sees every KPI and rule, with no `require("pmo.kpis")` first: the
/// standard ones, the workspace's `rules/*.lua` and its installed libraries (an untrusted one
/// evaluated in the sandbox worker), in `pmo eval`, `pmo run`, the REPL's `:kpis` and
/// `pmo check` alike.
final class EntryPointDefinitionsTests: EndToEndCase {
    /// A 5-project demo workspace with a rule file and an untrusted library installed.
    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        try demoWorkspace("ws", projects: 5)
        let r = try pmo("lib", "install", path("acme-delivery"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        try write("""
            require("pmo.kpi").rule {
              id = "local.has_manager", applies_to = "project", severity = "warning",
              check = function(p) return p.manager ~= nil, { manager = p.manager or "none" } end,
              message = "no manager",
            }
            """, to: "ws/rules/manager.lua")
    }

    // The ids a session lists, sorted, one a line.
    let listing = "local out = {} for _, d in ipairs(require('pmo.kpi').list()) do out[#out + 1] = d.id end return table.concat(out, ' ')"

    func testEvalListsTheStandardTheLibrarysAndTheWorkspacesDefinitions() throws {
        let r = try pmo("eval", listing, in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        for id in ["pmo.evm.cpi", "pmo.compliance.gate_artifacts", "acme.delivery.schedule_ratio", "local.has_manager"] {
            XCTAssertTrue(r.stdout.contains(id), "\(id) missing: \(r.stdout)")
        }
    }

    func testRunEvaluatesASandboxedLibrarysKPIAsPmoCheckDoes() throws {
        try write("""
            local rs = require("pmo.kpi").evaluate("acme.delivery.schedule_ratio")
            for _, r in ipairs(rs) do print(r.object_id, r.value and string.format("%.6f", r.value) or "-", tostring(r.rag)) end
            """, to: "ws/ratio.lua")
        let run = try pmo("run", "ratio.lua", in: "ws")
        XCTAssertEqual(run.status, 0, run.stderr)
        let check = try pmo("check", "--kpi", "acme.delivery.schedule_ratio", "--format", "json", in: "ws")
        let document = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
        let results = document?["results"] as? [[String: Any]] ?? []
        XCTAssertFalse(results.isEmpty)
        let expected = results.map { r in
            let value = (r["value"] as? NSNumber).map { String(format: "%.6f", $0.doubleValue) } ?? "-"
            return "\(r["object_id"] as? String ?? "?")\t\(value)\t\(r["rag"] as? String ?? "nil")"
        }.sorted()
        XCTAssertEqual(run.stdout.split(separator: "\n").map(String.init).sorted(), expected)
    }

    func testACallsScopeReachesASandboxedLibrarysKPI() throws {
        try demoWorkspace("ws40", projects: 40)
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws40").status, 0)
        let r = try pmo("eval", """
            local kpi, n = require("pmo.kpi"), #pmo.projects()
            local executing = function(p) return p.phase == "execution" end
            return #kpi.evaluate("acme.delivery.schedule_ratio") == #require("pmo.measures").active_projects(),
              #kpi.evaluate("acme.delivery.schedule_ratio", nil, { scope = "all" }) == n,
              #kpi.evaluate("acme.delivery.schedule_ratio", nil, { scope = executing }) == #pmo.projects{ phase = "execution" }
            """, in: "ws40")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "true\ttrue\ttrue\n")
    }

    func testTheREPLsKPIsAndRulesListEveryDefinition() throws {
        let r = try pmo("repl", in: "ws", stdin: ":kpis\n:rules\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("acme.delivery.schedule_ratio"), r.stdout)
        XCTAssertTrue(r.stdout.contains("sandboxed"), r.stdout)
        XCTAssertTrue(r.stdout.contains("pmo.evm.cpi"), r.stdout)
        XCTAssertTrue(r.stdout.contains("local.has_manager"), r.stdout)
        XCTAssertTrue(r.stdout.contains("pmo.compliance.gate_artifacts"), r.stdout)
    }

    func testTheREPLEvaluatesTheWorkspacesRuleWithoutARequire() throws {
        let r = try pmo("repl", in: "ws", stdin: "#require('pmo.kpi').evaluate('local.has_manager') == #require('pmo.measures').active_projects()\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "true")
    }

    func testASandboxedLibraryThatFailsLeavesTheOtherDefinitionsAndIsSaid() throws {
        try write("local f = io.open('/etc/passwd')\nreturn {}\n", to: "acme-delivery/acme/delivery/reader.lua")
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws").status, 0)
        let r = try pmo("eval", listing, in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("pmo.evm.cpi") && r.stdout.contains("local.has_manager"), r.stdout)
        XCTAssertFalse(r.stdout.contains("acme.delivery"), r.stdout)
        XCTAssertTrue(r.stderr.contains("pmo: library acme-delivery failed in the sandbox") && r.stderr.contains("global 'io'"), r.stderr)
        let check = try pmo("check", "--format", "json", in: "ws")
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.stdout.contains("\"pmo.evm.cpi\""), check.stdout)
        XCTAssertTrue(check.stdout.contains("library acme-delivery failed in the sandbox"), check.stdout)
        XCTAssertFalse(check.stderr.contains("failed in the sandbox"), "said once, as a result: \(check.stderr)")
    }

    func testABrokenRuleFileIsReportedWhereTheKPIsAreFirstUsed() throws {
        try write("this is not lua", to: "ws/rules/broken.lua")
        let r = try pmo("eval", listing, in: "ws")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("broken.lua"), r.stderr)
        let check = try pmo("check", in: "ws")
        XCTAssertTrue(check.stderr.contains("broken.lua"), check.stderr)
    }
}
