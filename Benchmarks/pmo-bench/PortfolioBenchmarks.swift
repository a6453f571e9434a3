import Foundation

/// The executable under test and the reference interpreter.
struct Tools {
    var pmo = ".build/release/pmo"
    var lua = "lua5.4"
}

/// A demo store of `projects` projects (and its plain-Lua export), made once and kept in
/// bench-results/ (ignored by git): generating 10,000 projects takes a while.
func demoStore(projects: Int, tools: Tools) throws -> (store: String, plain: String) {
    let dir = "bench-results/demo-\(projects)"
    let store = dir + "/data/pmo.sqlite", plain = dir + "/plain.lua"  // pmo demo writes a workspace
    if !FileManager.default.fileExists(atPath: store) {
        print("   (generating the \(projects)-project demo in \(dir))")
        let r = try runProcess([tools.pmo, "demo", "--projects", "\(projects)", "--seed", "1", "--force", dir])
        guard r.status == 0 else { throw BenchError("pmo demo failed: \(r.stderr)") }
    }
    // The export must describe this store: remake it when the demo was written after it. (The
    // demo's config, not the store: reading a store in WAL mode touches its file.)
    func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
    if let s = modified(dir + "/pmo.config.lua"), let p = modified(plain), p < s { try FileManager.default.removeItem(atPath: plain) }
    if !FileManager.default.fileExists(atPath: plain) {
        let r = try runProcess([tools.pmo, "run", "--store", store, "Benchmarks/lua/export_plain.lua", plain])
        guard r.status == 0 else { throw BenchError("export failed: \(r.stderr)") }
    }
    return (store, plain)
}

/// Issue 4 and 5: a script over the whole portfolio through `pmo`, against the same formulas
/// in plain lua5.4 over the same data pre-built as Lua tables. Both print the same report,
/// and the run fails if they differ. Then the whole standard suite and a typical analysis
/// script from scripts/ (issue 11), which have no plain twin.
func portfolioBenchmarks(sizes: [Int], tools: Tools) throws -> [Figure] {
    var figures: [Figure] = []
    for n in sizes {
        let (store, plain) = try demoStore(projects: n, tools: tools)
        for (label, ours, base) in [
            ("EVM by portfolio", "Benchmarks/lua/evm_by_portfolio.lua", "Benchmarks/lua/plain_evm_by_portfolio.lua"),
            ("EVM KPI suite", "Benchmarks/lua/kpi_suite.lua", "Benchmarks/lua/plain_kpi_suite.lua"),
        ] {
            // For EVM by portfolio also the same aggregates computed by the sqlite3 command
            // line in SQL; all in turn, run by run.
            var commands = [
                Command(name: "\(label), \(n) projects, pmo", args: [tools.pmo, "run", "--store", store, ours], reported: "body"),
                Command(name: "\(label), \(n) projects, lua5.4", args: [tools.lua, base, plain], reported: "body"),
            ]
            if label == "EVM by portfolio" {
                commands.append(Command(name: "\(label), \(n) projects, sqlite3 in SQL",
                                        args: ["sqlite3", "-readonly", store, ".read Benchmarks/sql/evm_by_portfolio.sql"]))
            }
            let m = try measureAlternating(commands)
            let (o, b) = (m[0], m[1])
            let oursFirst = o.output.split(separator: "\n").first.map(String.init) ?? ""
            guard b.output.split(separator: "\n").first.map(String.init) == oursFirst else {
                throw BenchError("\(label): pmo and lua5.4 disagree:\n\(o.output.prefix(400))\n--\n\(b.output.prefix(400))")
            }
            figures += [b.wall, compare(o.wall, to: b.wall)]
            if let ob = o.body, let bb = b.body { figures += [bb, compare(ob, to: bb)] }
            figures += [b.rss, compare(o.rss, to: b.rss)]
            if m.count > 2 {
                let q = m[2]
                guard q.output == o.output else {
                    throw BenchError("\(label): pmo and sqlite3 disagree:\n\(o.output.prefix(400))\n--\n\(q.output.prefix(400))")
                }
                figures += [q.wall, compare(o.wall, to: q.wall)]
            }
        }
        // The whole standard suite has no plain-Lua twin (rules read risks, milestones, change
        // requests, gates...): its figure stands against the 2 s target alone.
        let full = try measureProcess("whole standard suite (every KPI and rule), \(n) projects, pmo",
                                      [tools.pmo, "run", "--store", store, "Benchmarks/lua/full_suite.lua"], reported: "body", runs: 7)
        figures += [full.wall] + (full.body.map { [$0] } ?? []) + [full.rss]
        // A typical analysis script, as an analyst runs it from scripts/: the Monday-morning
        // portfolio health report (reported against earned RAG, CPI, SPI, EAC by portfolio).
        // Benchmarks/lua/run_timed.lua times it from inside, as the other scripts time
        // themselves; its report is the script's own.
        let script = try measureProcess("analysis script scripts/portfolio-health.lua, \(n) projects, pmo",
                                        [tools.pmo, "run", "--store", store, "Benchmarks/lua/run_timed.lua",
                                         "scripts/portfolio-health.lua"], reported: "body", runs: 7)
        guard script.output.hasPrefix("Portfolio health as of") else {
            throw BenchError("scripts/portfolio-health.lua printed no report:\n\(script.output.prefix(400))")
        }
        figures += [script.wall] + (script.body.map { [$0] } ?? []) + [script.rss]
    }
    return figures
}

/// REPL start-up (piped, so no terminal is needed: the same preparation as at a prompt,
/// with the pmo module installed) against `lua5.4 -e ''`.
func startupBenchmarks(tools: Tools) throws -> [Figure] {
    let lua = try measureProcess("lua5.4 -e ''", [tools.lua, "-e", ""], runs: 9)
    let repl = try measureProcess("pmo REPL start-up on the demo (stdin at EOF)", [tools.pmo], runs: 9)
    let first = try measureProcess("pmo eval '#pmo.projects()' (demo built in memory)", [tools.pmo, "eval", "#pmo.projects()"], runs: 9)
    return [lua.wall, compare(repl.wall, to: lua.wall), compare(first.wall, to: lua.wall), repl.rss]
}

/// Issue 4: a field read of a model object (a plain table with a shared metatable) against the
/// same read of a plain table, timed in one process.
func fieldReadBenchmarks(tools: Tools) throws -> [Figure] {
    var plain: [Double] = [], model: [Double] = []
    for _ in 0..<7 {
        let r = try runProcess([tools.pmo, "run", "Benchmarks/lua/field_read.lua"])
        guard let a = r.reported("plain"), let b = r.reported("model") else { throw BenchError("field_read: \(r.stderr)") }
        plain.append(a)
        model.append(b)
    }
    let p = figure("Lua reads a plain table field", "ns", plain)
    return [p, compare(figure("Lua reads a model object field (p.bac)", "ns", model), to: p)]
}
