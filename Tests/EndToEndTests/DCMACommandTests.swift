import Foundation
import XCTest

/// The DCMA assessment from the command line: `pmo check` runs its checks as standard rules,
/// `--kpi pmo.dcma` selects them by prefix, pmo.config.lua's `dcma = {...}` sets their
/// thresholds, and `p:dcma()` answers in scripts. On logic.xml (Tests/PMOStoreTests/Fixtures/
/// dcma, described in DCMATests): 2 of its 6 counted tasks miss a predecessor or successor, 1
/// of its 6 links into incomplete activities has a lag.
final class DCMACommandTests: EndToEndCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(try pmo("init", "ws").status, 0)
        let plan = PMOProcess.root.appendingPathComponent("Tests/PMOStoreTests/Fixtures/dcma/logic.xml").path
        let r = try pmo("import", plan, in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func check(_ arguments: String...) throws -> PMOProcess.Outcome {
        try PMOProcess.run(["check"] + arguments, in: path("ws"))
    }

    func setThresholds(_ dcma: String) throws {
        let config = path("ws/pmo.config.lua")
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "evm = { baseline = 0 },", with: "evm = { baseline = 0 },\n  dcma = \(dcma),")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
    }

    func testThePrefixSelectsTheFourteenChecks() throws {
        let r = try check("--kpi", "pmo.dcma", "--format", "json")
        let document = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let ids = (document?["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, 14, r.stdout + r.stderr)
        XCTAssertTrue(ids.allSatisfy { $0.hasPrefix("pmo.dcma.") }, "\(ids)")
    }

    func testAFailedCheckIsAWarningThatBreachesAtAmber() throws {
        XCTAssertEqual(try check("--kpi", "pmo.dcma.logic").status, 0)
        let r = try check("--kpi", "pmo.dcma.logic", "--fail-on", "amber")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("pmo.dcma.logic") && r.stdout.contains("logic/T3, logic/T8"), r.stdout)
    }

    func testTheConfigsThresholdDecides() throws {
        XCTAssertEqual(try check("--kpi", "pmo.dcma.lags", "--fail-on", "amber").status, 1)
        try setThresholds("{ lags = 0.2 }")
        let r = try check("--kpi", "pmo.dcma.lags", "--fail-on", "amber")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    }

    func testAScriptReadsTheAssessmentWithTheConfigsThresholds() throws {
        try setThresholds("{ lags = 0.2 }")
        let code = "local c = require('pmo.dcma').check(pmo.project('logic'):dcma(), 'lags') print(c.passed, c.threshold)"
        XCTAssertEqual(try pmo("eval", code, in: "ws").stdout, "true\t0.2\n")
        try write(code, to: "ws/s.lua")
        XCTAssertEqual(try pmo("run", "--sandbox", "s.lua", in: "ws").stdout, "true\t0.2\n")
    }
}
