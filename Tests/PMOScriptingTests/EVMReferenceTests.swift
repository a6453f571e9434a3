import Foundation
import GRDB
import LuaKit
import PMOModel
import PMOScripting
@testable import PMOStore
import XCTest

/// Every EVM and earned-schedule figure `p:evm()` and `p:es()` give, recomputed by a reference
/// written from the textbook definitions, not from pmo's code: it reads the store's raw rows
/// with its own SQL and applies
/// - PMI, Practice Standard for Earned Value Management (2nd ed., 2011), and ANSI/EIA-748:
///   CV = EV - AC, SV = EV - PV, CPI = EV/AC, SPI = EV/PV, EAC = BAC/CPI, ETC = EAC - AC,
///   VAC = BAC - EAC, TCPI = (BAC - EV)/(BAC - AC); at completion EAC = AC;
/// - Lipke, "Schedule is Different" (2003) and Lipke & Henderson: ES is the time at which the
///   plan reached the earned value, by linear interpolation between the plan's points; SV(t) =
///   ES - AT, SPI(t) = ES/AT, IEAC(t) = PD/SPI(t), TSPI = (PD - ES)/(PD - AT);
/// - the conventions pmo documents: baseline 0's latest version set by the date is in force,
///   time in days from its start (end of day), PD ends at its finish, nothing divides by zero,
///   a cancelled project has no forecast, a closed one is complete.
/// Figures agree to 1e-9 relative.
final class EVMReferenceTests: XCTestCase {
    // MARK: The reference

    struct Figures {
        var values: [String: Double] = [:]
        var absent: Set<String> = []
        mutating func set(_ key: String, _ v: Double?) {
            if let v { values[key] = v } else { absent.insert(key) }
        }
    }

    /// The reference's figures of project `id` as of `asOf` (nil: everything recorded).
    static func reference(_ db: Database, id: String, asOf: Day?) throws -> (evm: Figures, es: Figures) {
        let limit = asOf?.description ?? "9999-12-31"
        let project = try XCTUnwrap(try Row.fetchOne(db, sql: "SELECT * FROM projects WHERE id = ?", arguments: [id]))
        var bac: Double? = project["bac"]
        var start: String? = project["baseline_start"]
        var finish: String? = project["baseline_finish"]
        let phase: String = project["phase"]
        // Baseline 0 in force: of the versions set by the date, the one set last.
        let versions = try Row.fetchAll(db, sql: """
            SELECT set_on, cost, start, finish FROM baselines WHERE project_id = ? AND number = 0 AND task_id IS NULL
            """, arguments: [id])
        let inForce = versions.filter { (($0["set_on"] as String?) ?? "") <= limit }
            .max { (($0["set_on"] as String?) ?? "") < (($1["set_on"] as String?) ?? "") }
        if let b = inForce {
            bac = b["cost"] ?? bac
            start = b["start"] ?? start
            finish = b["finish"] ?? finish
        }
        let periods = try Row.fetchAll(db, sql: """
            SELECT period_end, pv, ev, ac FROM timephased WHERE project_id = ? AND task_id IS NULL ORDER BY period_end
            """, arguments: [id])
        let reported = periods.last { ($0["period_end"] as String) <= limit && ($0["ev"] as Double?) != nil }

        var evm = Figures(), es = Figures()
        evm.set("bac", bac)
        let all = ["sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi_bac", "percent_complete", "percent_spent"]
        guard let r = reported, let budget = bac else {
            for k in all { evm.set(k, nil) }
            for k in ["es", "at", "pd", "spi_t", "sv_t", "ieac_t", "tspi"] { es.set(k, nil) }
            return (evm, es)
        }
        let pv: Double = r["pv"], ev: Double = r["ev"]
        evm.set("pv", pv); evm.set("ev", ev)
        func div(_ a: Double, _ b: Double) -> Double? { b == 0 ? nil : a / b }
        // Every EVM measure needs all four inputs: no AC reported is no measure.
        if budget > 0, let ac = r["ac"] as Double? {
            evm.set("ac", ac)
            evm.set("sv", ev - pv); evm.set("cv", ev - ac)
            evm.set("spi", div(ev, pv)); evm.set("cpi", div(ev, ac))
            evm.set("percent_complete", ev / budget); evm.set("percent_spent", ac / budget)
            let done = phase == "closed" || ev >= budget
            if phase == "cancelled" {
                for k in ["eac", "etc", "vac", "tcpi_bac"] { evm.set(k, nil) }
            } else if done {
                evm.set("eac", ac); evm.set("etc", 0); evm.set("vac", budget - ac); evm.set("tcpi_bac", nil)
            } else {
                let eac = div(ev, ac).flatMap { $0 == 0 ? nil : budget / $0 }
                evm.set("eac", eac)
                evm.set("etc", eac.map { $0 - ac })
                evm.set("vac", eac.map { budget - $0 })
                evm.set("tcpi_bac", ac >= budget ? nil : (budget - ev) / (budget - ac))
            }
        } else {
            for k in all { evm.set(k, nil) }
        }

        // Earned schedule, in days from the start (the end of day d is at d - start + 1).
        guard budget > 0, let s = start.flatMap({ Day($0) }), let f = finish.flatMap({ Day($0) }), f >= s else {
            for k in ["es", "at", "pd", "spi_t"] { es.set(k, nil) }
            return (evm, es)
        }
        func time(_ d: Day) -> Double { Double(d.daysSinceEpoch - s.daysSinceEpoch + 1) }
        let pd = time(f)
        // The plan's points up to the finish: (0, 0), then each period end (one past the
        // finish counts as the finish).
        var points: [(t: Double, pv: Double)] = [(0, 0)]
        for p in periods {
            let end = Day(p["period_end"] as String)!
            points.append((time(min(end, f)), p["pv"]))
            if end >= f { break }
        }
        // ES: on the segment where the plan passes EV; all of it once EV reaches the plan's
        // last value (a flat last stretch runs to PD).
        var earned = pd
        for k in 1..<points.count where points[k].pv > ev {
            let a = points[k - 1], b = points[k]
            earned = a.t + (b.t - a.t) * (ev - a.pv) / (b.pv - a.pv)
            break
        }
        var end = Day(r["period_end"] as String)!
        if let af = (project["actual_finish"] as String?).flatMap({ Day($0) }), af < end { end = af }
        let at = max(0, time(end))
        es.set("es", earned); es.set("at", at); es.set("pd", pd)
        es.set("sv_t", earned - at)
        let spiT = at == 0 ? nil : earned / at
        es.set("spi_t", spiT)
        es.set("ieac_t", spiT.flatMap { $0 == 0 ? nil : pd / $0 })
        es.set("tspi", pd - at > 0 ? (pd - earned) / (pd - at) : nil)
        return (evm, es)
    }

    // MARK: Comparing with pmo

    /// Compares every project of `store` as of `asOf` (a `yyyy-mm-dd` text or nil); returns
    /// the number of projects with earned schedule, to show the comparison was not empty.
    @discardableResult
    func compare(_ store: PortfolioStore, asOf: String?, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let lua = try LuaState()
        try PMOSession(store: store).install(in: lua)
        let keysEVM = ["bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi_bac",
                       "percent_complete", "percent_spent"]
        let keysES = ["es", "at", "pd", "sv_t", "spi_t", "ieac_t", "tspi"]
        let quoted = (keysEVM.map { "'\($0)'" }).joined(separator: ","), quotedES = (keysES.map { "'\($0)'" }).joined(separator: ",")
        let results = try lua.run("""
            local asof = \(asOf.map { "'\($0)'" } ?? "nil")
            return pmo.asof(asof, function()
              local out = {}
              for _, p in ipairs(pmo.projects()) do
                local e, s, row = p:evm(), p:es(), { evm = {}, es = {} }
                for _, k in ipairs({ \(quoted) }) do row.evm[k] = e[k] or false end
                for _, k in ipairs({ \(quotedES) }) do row.es[k] = s[k] or false end
                out[p.id] = row
              end
              return out
            end)
            """, name: "=reference")
        let byID = try XCTUnwrap(results.first?.tableValue, file: file, line: line)
        let day = asOf.flatMap { Day($0) }
        var withES = 0
        try store.database.read { db in
            for id in try String.fetchAll(db, sql: "SELECT id FROM projects ORDER BY id") {
                let expected = try Self.reference(db, id: id, asOf: day)
                let got = byID[id].tableValue
                func check(_ part: String, _ keys: [String], _ want: Figures) {
                    let have = got?[part].tableValue
                    for k in keys {
                        let v = have?[k]
                        let what = "\(id) \(part).\(k) as of \(asOf ?? "now")"
                        if let w = want.values[k] {
                            guard let h = v?.doubleValue else { return XCTFail("\(what): expected \(w), got \(String(describing: v))", file: file, line: line) }
                            XCTAssertEqual(h, w, accuracy: max(abs(w), 1) * 1e-9, what, file: file, line: line)
                        } else if want.absent.contains(k) {
                            XCTAssertEqual(v, .boolean(false), "\(what): expected nil", file: file, line: line)
                        }
                    }
                }
                check("evm", keysEVM, expected.evm)
                check("es", keysES, expected.es)
                if expected.es.values["es"] != nil { withES += 1 }
            }
        }
        return withES
    }

    func testEveryProjectOfASeededDemoAgreesWithTheReference() throws {
        let store = try PortfolioStore.demo(projects: 400, seed: 20)
        XCTAssertGreaterThan(try compare(store, asOf: nil), 200)
        XCTAssertGreaterThan(try compare(store, asOf: "2026-03-31"), 100)
        XCTAssertGreaterThan(try compare(store, asOf: "2026-06-15"), 100)
    }

    // MARK: Edge cases

    let jan1 = Day("2026-01-01")!

    /// A store with one project per case: a plan from 1 January, PV by month-end.
    func edgeStore(_ cases: [(Project, [TimephasedValue], [Baseline])]) throws -> PortfolioStore {
        let store = try PortfolioStore()
        try store.write { tx in
            for (p, rows, baselines) in cases {
                try tx.insert(p)
                for r in rows { try tx.insert(r) }
                for b in baselines { try tx.insert(b) }
            }
        }
        return store
    }

    func project(_ id: String, phase: Phase = .execution, bac: Double = 400, finish: String = "2026-04-30",
                 actualFinish: String? = nil, status: String? = nil) -> Project {
        Project(id: id, name: id, phase: phase, baselineStart: jan1, baselineFinish: Day(finish)!,
                actualFinish: actualFinish.flatMap { Day($0) }, bac: bac, statusDate: status.flatMap { Day($0) })
    }

    /// Monthly rows from January: PV, and EV/AC for as many months as given.
    func months(_ id: String, pv: [Double], ev: [Double] = [], ac: [Double] = []) -> [TimephasedValue] {
        pv.enumerated().map { k, v in
            TimephasedValue(projectId: id, periodEnd: jan1.addingMonths(k).endOfMonth, pv: v,
                            ev: k < ev.count ? ev[k] : nil, ac: k < ac.count ? ac[k] : nil)
        }
    }

    func testEdgeCasesAgreeWithTheReference() throws {
        let plan: [Double] = [100, 200, 300, 400]
        let store = try edgeStore([
            (project("NOT-STARTED"), months("NOT-STARTED", pv: plan), []),
            (project("EARLY", phase: .closed), months("EARLY", pv: plan, ev: [150, 300, 400], ac: [160, 310, 420]), []),
            (project("ON-TIME", phase: .closed), months("ON-TIME", pv: plan, ev: [100, 200, 300, 400], ac: [90, 200, 310, 390]), []),
            (project("LATE"), months("LATE", pv: plan + [400, 400, 400], ev: [80, 150, 230, 300, 360, 390, 400],
                                      ac: [90, 170, 260, 340, 400, 430, 450]), []),
            (project("ZERO-BAC", bac: 0), months("ZERO-BAC", pv: [0, 0], ev: [0], ac: [5]), []),
            (project("EV-ABOVE-BAC"), months("EV-ABOVE-BAC", pv: plan, ev: [150, 450], ac: [140, 420]), []),
            (project("FLAT"), months("FLAT", pv: [100, 100, 100, 400], ev: [100, 100, 120], ac: [100, 110, 130]), []),
            (project("UNEVEN", finish: "2026-03-31"), [
                TimephasedValue(projectId: "UNEVEN", periodEnd: Day("2026-01-07")!, pv: 20, ev: 20, ac: 22),
                TimephasedValue(projectId: "UNEVEN", periodEnd: Day("2026-01-31")!, pv: 100, ev: 70, ac: 80),
                TimephasedValue(projectId: "UNEVEN", periodEnd: Day("2026-03-31")!, pv: 400),
            ], []),
            (project("REBASELINED"), months("REBASELINED", pv: plan, ev: [90, 180], ac: [100, 210]), [
                Baseline(id: "RB/0", projectId: "REBASELINED", number: 0, setOn: Day("2025-12-15")!, start: jan1,
                         finish: Day("2026-04-30")!, cost: 400),
                Baseline(id: "RB/0b", projectId: "REBASELINED", number: 0, setOn: Day("2026-02-10")!, start: jan1,
                         finish: Day("2026-05-31")!, cost: 480),
                Baseline(id: "RB/1", projectId: "REBASELINED", number: 1, setOn: Day("2026-02-20")!, start: jan1,
                         finish: Day("2026-08-31")!, cost: 900),
            ]),
            (project("CANCELLED", phase: .cancelled), months("CANCELLED", pv: plan, ev: [80, 120], ac: [100, 170]), []),
            (project("STALE", status: "2026-03-31"), months("STALE", pv: plan, ev: [100], ac: [100]), []),
        ])
        try compare(store, asOf: nil)
        try compare(store, asOf: "2025-12-31")   // before the first period: no EV anywhere
        try compare(store, asOf: "2026-01-31")
        try compare(store, asOf: "2026-02-15")   // before the re-baseline's day and after
    }

    // MARK: What the edge cases must show, stated outright

    func figures(_ store: PortfolioStore, _ code: String) throws -> [LuaValue] {
        let lua = try LuaState()
        try PMOSession(store: store).install(in: lua)
        return try lua.run(code, name: "=test")
    }

    func testALateFinishShowsSPItBelowOneAtCompletion() throws {
        let store = try edgeStore([(project("LATE"), months("LATE", pv: [100, 200, 300, 400, 400, 400],
                                                           ev: [50, 100, 200, 300, 350, 400], ac: [50, 100, 200, 300, 350, 400]), [])])
        let r = try figures(store, "local s = pmo.project('LATE'):es() return s.es, s.pd, s.at, s.spi_t, s.sv_t")
        // PD = 120 days (to 30 April), AT = 181 (to 30 June): SPI(t) = PD / AT.
        XCTAssertEqual(r[0], .number(120))
        XCTAssertEqual(r[2], .number(181))
        XCTAssertEqual(r[3].doubleValue ?? 0, 120.0 / 181, accuracy: 1e-12)
        XCTAssertEqual(r[4], .number(-61))
    }

    func testAtCompletionEACIsACAndETCIsExactlyZero() throws {
        let store = try edgeStore([(project("DONE", phase: .closed), months("DONE", pv: [100, 400], ev: [100, 400], ac: [110, 437.123]), [])])
        XCTAssertEqual(try figures(store, "local e = pmo.project('DONE'):evm() return e.eac, e.etc, e.tcpi_bac, e.complete"),
                       [.number(437.123), .integer(0), .nil, .boolean(true)])
    }

    func testACancelledProjectHasNoForecast() throws {
        let store = try edgeStore([(project("C", phase: .cancelled), months("C", pv: [100, 400], ev: [80], ac: [100]), [])])
        XCTAssertEqual(try figures(store, "local e = pmo.project('C'):evm() return e.cpi, e.eac, e.etc, e.vac"),
                       [.number(0.8), .nil, .nil, .nil])
    }

    func testNoBudgetGivesNoMeasures() throws {
        let store = try edgeStore([(project("Z", bac: 0), months("Z", pv: [0, 0], ev: [0], ac: [5]), [])])
        XCTAssertEqual(try figures(store, "local e, s = pmo.project('Z'):evm(), pmo.project('Z'):es() return e.cpi, e.eac, s.es, s.spi_t, s.note"),
                       [.nil, .nil, .nil, .nil, .string(LuaString("no plan: no budget or no planned value"))])
    }

    func testFiguresOlderThanTheStatusDateAreStale() throws {
        let store = try edgeStore([(project("S", status: "2026-03-31"), months("S", pv: [100, 200, 300, 400], ev: [100], ac: [100]), [])])
        XCTAssertEqual(try figures(store, "local e = pmo.project('S'):evm() return e.stale, e.data_date:iso(), e.status_date:iso()"),
                       [.boolean(true), "2026-01-31", "2026-03-31"])
    }

    func testAProjectShowsTheBudgetAndDatesOfItsBaselineInForce() throws {
        let store = try edgeStore([(project("RB", bac: 400), months("RB", pv: [100, 400], ev: [90], ac: [100]), [
            Baseline(id: "RB/0", projectId: "RB", number: 0, setOn: Day("2026-02-10")!, start: jan1,
                     finish: Day("2026-05-31")!, cost: 480),
        ])])
        XCTAssertEqual(try figures(store, "local p = pmo.project('RB') return p.bac, p:evm().bac, p.baseline_finish:iso(), p:evm().baseline"),
                       [.number(480), .number(480), "2026-05-31", .integer(0)])
        XCTAssertEqual(try figures(store, "return pmo.asof('2026-01-31', function() local p = pmo.project('RB') return p.bac, p:evm().bac, p:evm().baseline end)"),
                       [.number(400), .number(400), .nil], "not set yet: the project's own")
    }

    func testOneProjectHasOneBACHoweverItIsAsked() throws {
        let store = try PortfolioStore.demo(projects: 60, seed: 3)
        let r = try figures(store, """
            local n = 0
            for _, p in ipairs(pmo.projects()) do
              assert(p.bac == p:evm().bac, p.id)
              local q = pmo.asof('2026-09-30', function() return pmo.project(p.id) end)
              assert(q.bac == p.bac, p.id .. ': ' .. tostring(q.bac) .. ' as of the status date, ' .. tostring(p.bac) .. ' without')
              n = n + 1
            end
            return n
            """)
        XCTAssertEqual(r, [.integer(60)])
    }
}
