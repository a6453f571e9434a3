import Foundation
import XCTest

/// The weekly refresh end to end, as a PMO runs it (issue 24, "Done when"): a file is
/// imported, a later version of it a week later, and then the store holds the later version,
/// `pmo.asof` on a day between the two shows the portfolio as it was known then, and
/// `pmo diff` / `pmo.changes` say what moved. One MS Project plan, one CSV bundle and one
/// Jira export, each in two versions (Fixtures/refresh, described in RefreshCommandTests).
final class WeeklyRefreshTests: EndToEndCase {
    /// The first version is known on 2026-03-02, the second on 2026-03-09; the week between
    /// is read on 2026-03-05.
    static let (firstWeek, secondWeek, between) = ("2026-03-02", "2026-03-09", "2026-03-05")

    func fixture(_ name: String) -> String {
        PMOProcess.root.appendingPathComponent("Tests/EndToEndTests/Fixtures/refresh/\(name)").path
    }

    /// Imports both versions of a fixture into `store.sqlite`, a week apart.
    func refresh(_ first: String, _ second: String, _ extra: String...) throws {
        for (name, week) in [(first, Self.firstWeek), (second, Self.secondWeek)] {
            let r = try PMOProcess.run(["import", fixture(name), "--store", "store.sqlite", "--known-on", week] + extra, in: folder)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
    }

    /// What `code` prints, run by `pmo eval` on the store.
    func eval(_ code: String) throws -> String {
        let r = try pmo("eval", "--store", "store.sqlite", code)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    // MARK: MS Project

    func testAPlanRefreshedAWeekLaterReadsAsItWasKnownOnTheDayBetween() throws {
        try refresh("plan-v1.xml", "plan-v2.xml", "--project-id", "PLANT")
        let code = """
            local function tasks()
              local out = {}
              for _, t in ipairs(pmo.project("PLANT"):tasks()) do out[#out + 1] = t.id .. "=" .. tostring(t.forecast_finish) end
              return table.concat(out, " ")
            end
            print(pmo.asof("\(Self.between)", tasks))
            print(tasks())
            """
        XCTAssertEqual(try eval(code), """
            PLANT/T1=2026-01-16 PLANT/T2=2026-02-06 PLANT/T3=2026-03-13 PLANT/T4=2026-02-20 PLANT/T5=2026-03-27
            PLANT/T1=2026-01-16 PLANT/T2=2026-02-06 PLANT/T3=2026-03-27 PLANT/T6=2026-04-10 PLANT/T5=2026-04-10

            """)
    }

    func testAPlanRefreshedAWeekLaterShowsTheSlipAndTheNewBaselineInTheDiff() throws {
        try refresh("plan-v1.xml", "plan-v2.xml", "--project-id", "PLANT")
        let code = """
            local c = pmo.changes{ since = "\(Self.between)" }
            for _, t in ipairs(c.tasks_slipped) do print(t.task_id, t.before, t.after, t.days) end
            for _, b in ipairs(c.baselines) do print(b.baseline_id, b.change) end
            """
        let out = try eval(code)
        XCTAssertTrue(out.contains("PLANT/T3\t2026-03-13\t2026-03-27\t14\n"), out)
        XCTAssertTrue(out.contains("PLANT/B1\t"), out)
        let md = try pmo("diff", "--store", "store.sqlite", "--since", Self.between, "--format", "md")
        XCTAssertEqual(md.status, 0, md.stderr)
        XCTAssertTrue(md.stdout.contains("| PLANT | PLANT/T3 | Build | 2026-03-13 | 2026-03-27 | 14 |"), md.stdout)
    }

    // MARK: CSV bundle

    func testABundleRefreshedAWeekLaterReadsAsItWasKnownOnTheDayBetween() throws {
        try refresh("bundle-v1", "bundle-v2")
        let code = """
            local function state()
              local out = {}
              for _, p in ipairs(pmo.projects()) do out[#out + 1] = p.id .. "=" .. tostring(p.forecast_finish) end
              for _, r in ipairs(pmo.risks()) do out[#out + 1] = r.id .. "=" .. tostring(r.probability) end
              return table.concat(out, " ")
            end
            print(pmo.asof("\(Self.between)", state))
            print(state())
            """
        XCTAssertEqual(try eval(code), """
            P1=2026-06-30 P2=2026-09-30 P1/R1=0.4 P1/R2=0.1 P2/R1=0.3
            P1=2026-07-31 P2=2026-09-30 P3=2027-03-31 P1/R1=0.6 P2/R1=0.3 P3/R1=0.5

            """)
    }

    func testABundleRefreshedAWeekLaterShowsTheNewProjectAndTheRisksInTheDiff() throws {
        try refresh("bundle-v1", "bundle-v2")
        let code = """
            local c = pmo.changes{ since = "\(Self.between)" }
            local function ids(l, key) local out = {} for _, x in ipairs(l) do out[#out + 1] = x[key] end return table.concat(out, ",") end
            print(ids(c.projects_added, "project_id"), ids(c.risks_new, "risk_id"), ids(c.risks_rescored, "risk_id"))
            """
        XCTAssertEqual(try eval(code), "P3\tP3/R1\tP1/R1\n")
    }

    // MARK: Jira

    func testAJiraExportRefreshedAWeekLaterReadsAsItWasKnownOnTheDayBetween() throws {
        let ws = try demoWorkspace("ws", projects: 2)
        for (name, week) in [("jira-v1.csv", Self.firstWeek), ("jira-v2.csv", Self.secondWeek)] {
            let r = try PMOProcess.run(["import", fixture(name), "--project-id", "PRJ-001", "--known-on", week], in: ws)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let code = """
            local function items()
              local out = {}
              for _, w in ipairs(pmo.work_items()) do
                if w.project_key == "OPS" then out[#out + 1] = w.id .. "=" .. tostring(w.status) end
              end
              return table.concat(out, " ")
            end
            print(pmo.asof("\(Self.between)", items))
            print(items())
            print(pmo.changes{ since = "\(Self.between)" }.rows.work_items)
            """
        let r = try PMOProcess.run(["eval", code], in: ws)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            OPS-1=Done OPS-2=In Progress OPS-3=To Do
            OPS-1=Done OPS-2=Done OPS-4=To Do
            3

            """)
    }
}
