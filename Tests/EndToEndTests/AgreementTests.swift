import Foundation
import XCTest

/// Every output that states a fact states the same figure: the example scripts, the portfolio
/// report, `pmo check --format json` and the KPI engine through `pmo eval`, all run by the real
/// binary on one demo workspace (`pmo demo`), their outputs parsed and compared pair by pair.
/// The facts are those issue 20 found in disagreement: false greens, gate evidence and the
/// other controls per project, open risks, resource demand, BAC and EAC totals, the sign of day
/// variances; and the others two outputs state (active projects, risk exposure, BAC per project).
final class AgreementTests: EndToEndCase {
    /// What every output said, run once for all the tests.
    struct Outputs {
        var health = "", audit = "", heatmap = "", evm = "", late = "", capacity = "", prioritise = "", currentState = ""
        var report: [String: Any] = [:]
        var check: [[String: Any]] = []
        var facts: [String: String] = [:]
    }

    nonisolated(unsafe) static var cached: Outputs?

    // The KPI engine's and pmo.measures' own answers, one `key=value` a line.
    static let engine = #"""
        local m, kpi = require("pmo.measures"), require("pmo.kpi")
        local out = {}
        local function put(k, v) out[#out + 1] = k .. "=" .. tostring(v) end
        local function ids(rows, f)
          local t = {}
          for _, r in ipairs(rows) do t[#t + 1] = f(r) end
          table.sort(t)
          return table.concat(t, ",")
        end
        local active = m.active_projects()
        put("active", #active)
        put("false_green_kpis", table.concat(m.FALSE_GREEN_KPIS, ","))
        put("false_greens", ids(m.false_greens(), function(r) return r.project.id end))
        put("kpi_false_greens", ids(kpi.false_greens(), function(r) return r.project.id end))
        put("open_risks", #m.open_risks())
        put("bac_total", string.format("%.2f", m.evm_totals().bac))
        local executing = pmo.projects{ phase = "execution" }:filter(function(p) return p:evm().cpi ~= nil end)
        local t = m.evm_totals(executing)
        put("executing_bac", string.format("%.4f", t.bac))
        put("executing_eac", string.format("%.4f", t.eac))
        -- The report's window, as the report makes it.
        local asof = pmo.projects():max("status_date")
        put("report_demand", string.format("%.4f", (m.demand_hours(asof:add_days(1), asof:add_months(3)))))
        -- The capacity script's months (the six after the as-of date's).
        local on = pmo.asof() or pmo.today()
        local first = pmo.date.of(on:year(), on:month(), 1):add_months(1)
        for i = 1, 6 do
          local s = first:add_months(i - 1)
          put("demand_" .. s:month_key(), string.format("%.4f", (m.demand_hours(s, s:month_end()))))
        end
        put("finish_variance_PRJ-003", m.finish_variance_days(pmo.project("PRJ-003")))
        for _, p in ipairs(pmo.projects()) do put("bac_" .. p.id, string.format("%.2f", m.bac(p) or -1)) end
        return table.concat(out, "\n")
        """#

    func outputs() throws -> Outputs {
        if let cached = Self.cached { return cached }
        let ws = try demoWorkspace()
        func run(_ script: String, _ arguments: String..., status: Int32 = 0) throws -> String {
            let r = try PMOProcess.run(["run", PMOProcess.script(script)] + arguments, in: ws)
            XCTAssertEqual(r.status, status, "\(script): \(r.stderr)")
            return r.stdout
        }
        var o = Outputs()
        o.health = try run("portfolio-health.lua")
        o.audit = try run("compliance-audit.lua", status: 1)
        o.heatmap = try run("risk-heatmap.lua")
        o.evm = try run("evm-report.lua")
        o.late = try run("late-milestones.lua")
        o.capacity = try run("capacity-vs-demand.lua")
        o.prioritise = try run("prioritise.lua")
        o.currentState = try run("current-state.lua")
        let report = try run("portfolio-report.lua", "--format", "json")
        o.report = try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any] ?? [:]
        let check = try PMOProcess.run(["check", "--format", "json"], in: ws)
        XCTAssertEqual(check.status, 1, check.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
        o.check = document?["results"] as? [[String: Any]] ?? []
        let eval = try PMOProcess.run(["eval", Self.engine], in: ws)
        XCTAssertEqual(eval.status, 0, eval.stderr)
        for line in eval.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { o.facts[parts[0]] = parts[1] }
        }
        Self.cached = o
        return o
    }

    // MARK: parsing helpers

    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    func fields(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }

    func blocks(_ o: Outputs) -> [[String: Any]] { o.report["blocks"] as? [[String: Any]] ?? [] }

    func chart(_ o: Outputs, _ kind: String) -> [String: Any] {
        blocks(o).compactMap { $0["chart"] as? [String: Any] }.first { $0["kind"] as? String == kind } ?? [:]
    }

    func tile(_ o: Outputs, _ label: String) -> Double? {
        for b in blocks(o) {
            for t in b["tiles"] as? [[String: Any]] ?? [] where t["label"] as? String == label {
                return (t["value"] as? NSNumber)?.doubleValue
            }
        }
        return nil
    }

    /// The rows of the report's table of projects (the last table, with a false-green column).
    func projectRows(_ o: Outputs) -> [[String: Any]] {
        let table = blocks(o).last { ($0["columns"] as? [[String: Any]] ?? []).contains { $0["key"] as? String == "false_green" } }
        return table?["rows"] as? [[String: Any]] ?? []
    }

    func checkResults(_ o: Outputs, _ id: String) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for r in o.check where r["id"] as? String == id { out[r["object_id"] as? String ?? "?"] = r }
        return out
    }

    /// A figure as the scripts print it (`€1,234`, `1,234`, `0.95`): separators and the
    /// currency dropped.
    func number(_ s: String) -> Double? { Double(s.filter { "0123456789.-".contains($0) }) }

    // MARK: false greens

    /// The project ids portfolio-health lists under "False greens".
    func healthFalseGreens(_ o: Outputs) -> [String] {
        guard let start = lines(o.health).firstIndex(where: { $0.hasPrefix("False greens") }) else { return [] }
        return lines(o.health)[(start + 1)...].compactMap { line in
            line.hasPrefix("  PRJ-") ? fields(line).first : nil
        }.sorted()
    }

    func testFalseGreensAgreeBetweenTheHealthScriptTheReportAndTheKPIEngine() throws {
        let o = try outputs()
        let engine = o.facts["false_greens"] ?? "?"
        XCTAssertFalse(engine.isEmpty, "the demo has false greens to compare")
        XCTAssertEqual(o.facts["kpi_false_greens"], engine)
        XCTAssertEqual(healthFalseGreens(o).joined(separator: ","), engine)
        let reportIds = projectRows(o).filter { $0["false_green"] as? String == "yes" }.compactMap { $0["id"] as? String }.sorted()
        XCTAssertEqual(reportIds.joined(separator: ","), engine)
        XCTAssertEqual(tile(o, "False greens"), Double(reportIds.count))
        let count = lines(o.health).first { $0.hasPrefix("False greens") }.flatMap { $0.split(separator: ":").last }
        XCTAssertEqual(count.map { $0.trimmingCharacters(in: .whitespaces) }, String(reportIds.count))
    }

    /// pmo.measures.FALSE_GREEN_KPIS, as docs/kpis.md lists them.
    static let performanceKPIs: Set<String> = ["pmo.evm.cpi", "pmo.evm.spi", "pmo.es.spi_t", "pmo.evm.vac_pct", "pmo.evm.tcpi",
                                               "pmo.delivery.finish_variance_days", "pmo.delivery.milestone_slippage"]

    func testTheReportsCalculatedRatingIsTheWorstPerformanceRatingPmoCheckGivesTheProject() throws {
        let o = try outputs()
        let rank = ["green": 1, "amber": 2, "red": 3]
        var worst: [String: String] = [:]
        for r in o.check where Self.performanceKPIs.contains(r["id"] as? String ?? "") {
            guard let id = r["object_id"] as? String, let rag = r["rag"] as? String else { continue }
            if (rank[worst[id] ?? ""] ?? 0) < rank[rag]! { worst[id] = rag }
        }
        XCTAssertEqual(Set((o.facts["false_green_kpis"] ?? "").split(separator: ",").map(String.init)), Self.performanceKPIs)
        let rows = projectRows(o)
        XCTAssertEqual(rows.count, Int(o.facts["active"] ?? ""))
        for row in rows {
            let id = row["id"] as? String ?? "?"
            XCTAssertEqual(row["calculated"] as? String, worst[id], id)
        }
    }

    // MARK: controls

    /// Per project and control, whether the audit script passed it.
    func auditVerdicts(_ o: Outputs) -> [String: [String: Bool]] {
        var out: [String: [String: Bool]] = [:], current: String?
        for line in lines(o.audit) {
            if line.hasPrefix("PRJ-") { current = fields(line).first; continue }
            guard let project = current else { continue }
            for (prefix, passed) in [("  ok   ", true), ("  FAIL ", false)] where line.hasPrefix(prefix) {
                let rest = line.dropFirst(prefix.count)
                let name = String(rest.prefix(26)).trimmingCharacters(in: .whitespaces)
                out[project, default: [:]][name] = passed
            }
        }
        return out
    }

    func testEveryControlOfTheAuditAgreesWithPmoCheckForEveryProject() throws {
        let o = try outputs()
        let audit = auditVerdicts(o)
        let controls = ["status report fresh": "pmo.compliance.status_fresh",
                        "baseline before execution": "pmo.compliance.baseline_before_execution",
                        "risk register": "pmo.compliance.risk_register",
                        "change requests decided": "pmo.compliance.change_requests_decided",
                        "phase gate evidence": "pmo.compliance.gate_artifacts"]
        XCTAssertEqual(audit.count, Int(o.facts["active"] ?? ""))
        for (name, id) in controls {
            let check = checkResults(o, id)
            XCTAssertEqual(Set(check.keys), Set(audit.keys), id)
            for (project, verdicts) in audit {
                XCTAssertEqual(verdicts[name], check[project]?["passed"] as? Bool, "\(project) \(name)")
            }
        }
    }

    func testGateEvidenceOfPRJ003AgreesBetweenTheAuditAndPmoCheck() throws {
        // The case issue 20 saw: pmo check failed PRJ-003 for artifacts of its own gate.
        let o = try outputs()
        let check = checkResults(o, "pmo.compliance.gate_artifacts")["PRJ-003"]
        XCTAssertEqual(check?["passed"] as? Bool, auditVerdicts(o)["PRJ-003"]?["phase gate evidence"])
        XCTAssertEqual(check?["passed"] as? Bool, true, check?["message"] as? String ?? "")
    }

    // MARK: risks

    func testOpenRisksAgreeBetweenTheHeatMapTheReportAndTheEngine() throws {
        let o = try outputs()
        let line = lines(o.heatmap).first { $0.contains(" open risks in ") } ?? ""
        let words = fields(line)
        let heat = words.firstIndex(of: "open").map { words[$0 - 1] }
        XCTAssertEqual(heat, o.facts["open_risks"])
        XCTAssertEqual((chart(o, "risk_matrix")["placed"] as? NSNumber)?.stringValue, o.facts["open_risks"])
        let matrix = chart(o, "risk_matrix")["grid"] as? [[[String: Any]]] ?? []
        let cells = matrix.flatMap { $0 }.map { ($0["count"] as? NSNumber)?.intValue ?? 0 }.reduce(0, +)
        XCTAssertEqual(String(cells), o.facts["open_risks"])
    }

    func testRiskExposureShareAgreesBetweenTheHeatMapAndPmoCheck() throws {
        let o = try outputs()
        let check = checkResults(o, "pmo.risk.exposure_pct")
        var compared = 0
        for line in lines(o.heatmap) where line.hasPrefix("  PRJ-") && line.hasSuffix("% of BAC") {
            let words = fields(line)
            guard let id = words.first, let share = words.dropLast(2).last.flatMap({ number(String($0.dropLast())) }) else { continue }
            let value = (check[id]?["value"] as? NSNumber)?.doubleValue ?? .nan
            XCTAssertEqual(share, value * 100, accuracy: 0.05, id)
            compared += 1
        }
        XCTAssertEqual(compared, 5)
    }

    // MARK: demand

    func testTheReportsDemandIsTheEnginesDemandOfActiveProjects() throws {
        let o = try outputs()
        let demand = (chart(o, "capacity")["demand"] as? [NSNumber] ?? []).map(\.doubleValue)
        let engine = try XCTUnwrap(number(o.facts["report_demand"] ?? ""))
        XCTAssertGreaterThan(engine, 0)
        // The chart rounds each role to whole hours.
        XCTAssertEqual(demand.reduce(0, +), engine, accuracy: 0.5 * Double(demand.count))
    }

    func testTheCapacityScriptsDemandPerMonthIsTheEngines() throws {
        let o = try outputs()
        var byMonth: [String: Double] = [:], rows: [String: Int] = [:]
        for line in lines(o.capacity) {
            let words = fields(line)
            // role (maybe two words) month capacity demand balance load
            guard words.count >= 6, let monthIndex = words.firstIndex(where: { $0.count == 7 && $0.dropFirst(4).hasPrefix("-") }),
                  words.count > monthIndex + 2, number(words[monthIndex + 1]) != nil,
                  let demand = number(words[monthIndex + 2]) else { continue }
            byMonth[words[monthIndex], default: 0] += demand
            rows[words[monthIndex], default: 0] += 1
        }
        XCTAssertEqual(byMonth.count, 6, o.capacity)
        for (month, total) in byMonth {
            let engine = try XCTUnwrap(number(o.facts["demand_" + month] ?? ""), month)
            XCTAssertEqual(total, engine, accuracy: 0.5 * Double(rows[month] ?? 1), month)
        }
    }

    // MARK: money

    func testBACTotalAgreesBetweenTheReportTheHealthScriptAndTheEngine() throws {
        let o = try outputs()
        let engine = try XCTUnwrap(number(o.facts["bac_total"] ?? ""))
        XCTAssertEqual(try XCTUnwrap(tile(o, "Budget at completion")), engine, accuracy: 0.005)
        var health = 0.0, portfolios = 0
        for line in lines(o.health) {
            let words = fields(line)
            guard words.count == 8, ["DIGITAL", "GROWTH", "OPERATIONS"].contains(words[0]), let bac = number(words[6]) else { continue }
            health += bac
            portfolios += 1
        }
        XCTAssertEqual(portfolios, 3)
        XCTAssertEqual(health, engine, accuracy: 0.5 * Double(portfolios))
    }

    func testBACPerProjectAgreesBetweenTheReportThePrioritisationAndTheEngine() throws {
        let o = try outputs()
        for row in projectRows(o) {
            let id = row["id"] as? String ?? "?"
            XCTAssertEqual((row["bac"] as? NSNumber)?.doubleValue ?? -1, number(o.facts["bac_" + id] ?? "") ?? -2, accuracy: 0.005, id)
        }
        var compared = 0
        for line in lines(o.prioritise) {
            let words = fields(line)
            guard words.count >= 6, words[1].hasPrefix("PRJ-"), let cost = number(words[words.count - 2]) else { continue }
            XCTAssertEqual(cost, number(o.facts["bac_" + words[1]] ?? "") ?? -1, accuracy: 0.5, words[1])
            compared += 1
        }
        XCTAssertGreaterThan(compared, 0)
    }

    /// The evm-report's project rows and total row, money in thousands.
    func evmColumns(_ o: Outputs) -> (rows: [[String]], total: [String]) {
        var rows: [[String]] = [], total: [String] = []
        for line in lines(o.evm) {
            let words = fields(line)
            if line.hasPrefix("PRJ-") { rows.append(words) }
            if words.first == "total" { total = words }
        }
        return (rows, total)
    }

    func testTheEVMReportsEACTotalIsTheSumOfItsColumnAndTheEngines() throws {
        let o = try outputs()
        let (rows, total) = evmColumns(o)
        XCTAssertEqual(rows.count, 17)
        // EAC is the second-to-last column, VAC the last, BAC the third from the front of the figures.
        let column = rows.compactMap { number($0[$0.count - 2]) }.reduce(0, +)
        let stated = try XCTUnwrap(number(total[total.count - 2]))
        XCTAssertEqual(stated, column, accuracy: 0.5 * Double(rows.count))
        XCTAssertEqual(stated, try XCTUnwrap(number(o.facts["executing_eac"] ?? "")) / 1000, accuracy: 0.5)
        let vac = rows.compactMap { number($0[$0.count - 1]) }.reduce(0, +)
        XCTAssertEqual(try XCTUnwrap(number(total[total.count - 1])), vac, accuracy: 0.5 * Double(rows.count))
    }

    func testTheEVMReportsBACTotalIsTheEngines() throws {
        let o = try outputs()
        let (rows, total) = evmColumns(o)
        // The figures are the last 11 columns: BAC PV EV AC SV CV SPI CPI SPIt EAC VAC.
        let bac = rows.compactMap { number($0[$0.count - 11]) }.reduce(0, +)
        let stated = try XCTUnwrap(number(total[total.count - 10]))      // the total row has no SPIt
        XCTAssertEqual(stated, bac, accuracy: 0.5 * Double(rows.count))
        XCTAssertEqual(stated, try XCTUnwrap(number(o.facts["executing_bac"] ?? "")) / 1000, accuracy: 0.5)
    }

    // MARK: days

    func testFinishVarianceIsPositiveWhenLateInPmoCheckTheMilestonesAndTheEngine() throws {
        let o = try outputs()
        let check = (checkResults(o, "pmo.delivery.finish_variance_days")["PRJ-003"]?["value"] as? NSNumber)?.doubleValue
        let engine = try XCTUnwrap(number(o.facts["finish_variance_PRJ-003"] ?? ""))
        XCTAssertGreaterThan(engine, 0, "PRJ-003 finishes late")
        XCTAssertEqual(check, engine)
        // late-milestones: PRJ-003's "Project closed" milestone is its finish, +N days.
        var inProject = false, slip: Double?
        for line in lines(o.late) {
            if line.hasPrefix("PRJ-") { inProject = line.hasPrefix("PRJ-003 ") }
            if inProject, line.contains("Project closed"), let last = line.split(separator: " ").dropLast().last {
                slip = number(String(last))
            }
        }
        XCTAssertEqual(slip, engine)
    }

    func testWorstMilestoneSlipAgreesBetweenLateMilestonesAndPmoCheck() throws {
        let o = try outputs()
        let check = checkResults(o, "pmo.delivery.milestone_slippage")
        var compared = 0
        for line in lines(o.late) where line.hasPrefix("PRJ-") && line.contains(", worst ") {
            let id = fields(line)[0]
            let worst = line.components(separatedBy: ", worst ").last.flatMap { number($0) }
            XCTAssertEqual(worst, (check[id]?["value"] as? NSNumber)?.doubleValue, id)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 0)
        // Every project pmo check rates above zero days is one late-milestones lists.
        let listed = Set(lines(o.late).filter { $0.hasPrefix("PRJ-") }.map { fields($0)[0] })
        for (id, r) in check where ((r["value"] as? NSNumber)?.doubleValue ?? 0) > 0 {
            XCTAssertTrue(listed.contains(id), id)
        }
    }

    func testCPIAndSPIOfEachExecutingProjectAgreeBetweenTheEVMReportAndPmoCheck() throws {
        let o = try outputs()
        let cpi = checkResults(o, "pmo.evm.cpi"), spi = checkResults(o, "pmo.evm.spi")
        let (rows, _) = evmColumns(o)
        for row in rows {
            let id = row[0]
            // SPI and CPI are the 5th and 4th columns from the end (SPI CPI SPIt EAC VAC).
            XCTAssertEqual(number(row[row.count - 5]) ?? -1, (spi[id]?["value"] as? NSNumber)?.doubleValue ?? -9, accuracy: 0.005, id)
            XCTAssertEqual(number(row[row.count - 4]) ?? -1, (cpi[id]?["value"] as? NSNumber)?.doubleValue ?? -9, accuracy: 0.005, id)
        }
    }

    // MARK: current state

    /// A row of current-state.lua's figures table: the words after the figure's key.
    func currentStateFigure(_ o: Outputs, _ key: String) -> [String] {
        for line in lines(o.currentState) where fields(line).first == key { return Array(fields(line).dropFirst()) }
        return []
    }

    func testTheCurrentStateFiguresArePmoChecksResults() throws {
        let o = try outputs()
        // compliance_gaps: "11% (16 of 150 checks failed)": pmo check's failed control-tower rules.
        let compliance = o.check.filter { ($0["id"] as? String ?? "").hasPrefix("pmo.compliance.") }
        let failed = compliance.filter { ($0["passed"] as? Bool) != true }.count
        let gaps = currentStateFigure(o, "compliance_gaps")
        XCTAssertGreaterThan(gaps.count, 3, o.currentState)
        XCTAssertEqual(gaps.dropFirst().first.flatMap { number($0) }, Double(failed))
        XCTAssertEqual(number(gaps[3]), Double(compliance.count))
        // resource_conflicts: "19 of 24 people": utilisation above 100 % in pmo check.
        let utilisation = o.check.filter { $0["id"] as? String == "pmo.resources.utilisation" }
        let rated = utilisation.compactMap { ($0["value"] as? NSNumber)?.doubleValue }
        let conflicts = currentStateFigure(o, "resource_conflicts")
        XCTAssertEqual(conflicts.first.flatMap { number($0) }, Double(rated.filter { $0 > 1 }.count), o.currentState)
        XCTAssertEqual(conflicts.dropFirst(2).first.flatMap { number($0) }, Double(rated.count))
        // late_rate: 1 - pmo check's on-time rate.
        let onTime = try XCTUnwrap(checkResults(o, "pmo.delivery.on_time_rate")["ORG"]?["value"] as? NSNumber).doubleValue
        XCTAssertEqual(currentStateFigure(o, "late_rate").first.flatMap { number($0) }, ((1 - onTime) * 100).rounded())
        // projects: the active projects.
        XCTAssertEqual(currentStateFigure(o, "projects").first, o.facts["active"])
    }

    // MARK: active projects

    func testActiveProjectsAgreeEverywhere() throws {
        let o = try outputs()
        let active = try XCTUnwrap(Int(o.facts["active"] ?? ""))
        XCTAssertEqual(o.report["subtitle"] as? String, "\(active) active projects")
        XCTAssertEqual(tile(o, "Active projects"), Double(active))
        XCTAssertTrue(o.audit.contains("\n\(active) projects checked"), o.audit)
        XCTAssertTrue(o.heatmap.contains("open risks in \(active) projects"), o.heatmap)
        XCTAssertEqual(checkResults(o, "pmo.compliance.status_fresh").count, active)
        var health = 0
        for line in lines(o.health) {
            let words = fields(line)
            if words.count == 8, ["DIGITAL", "GROWTH", "OPERATIONS"].contains(words[0]) { health += Int(words[1]) ?? 0 }
        }
        XCTAssertEqual(health, active)
    }
}
