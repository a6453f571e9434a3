import ArgumentParser
import Foundation
import PMOModel
import PMOStore
import PMOWorkspace
import Workbench

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a demo workspace: a generated portfolio in a store and as a CSV bundle.",
        discussion: """
            Makes DIR a workspace (as `pmo init` does) holding a generated organisation: \
            DIR/data/pmo.sqlite, the same data as a CSV bundle in DIR/data/csv/ (one CSV per \
            table, re-importable with `pmo import`), the example analysis scripts in \
            DIR/scripts/ (existing files of the same name are kept), and a config whose as-of \
            date is the portfolio's status date. The organisation has 3 portfolios, projects in every \
            phase, 12 months of status reports and time-phased PV/EV/AC, late and over-budget \
            projects, a "false green" (PRJ-003 reports green while its numbers are red), \
            risks, an over-allocated resource pool, change requests, stakeholders, benefits, \
            phase gates with missing evidence, work items, and schedules with real networks             (phases over linked work packages and milestones) whose DCMA assessments vary: about             a third clean, the others with open ends, leads, lags, non-FS links, hard constraints,             negative or high float, long tasks or invalid dates.
            The output depends only on --projects and --seed: the same on every run and machine.

            Examples:
              pmo demo && cd pmo-demo && pmo run scripts/evm-report.lua
              pmo demo --projects 1000 --seed 7 bench
            """
    )

    @Option(help: "How many projects to generate.")
    var projects: Int = 40

    @Option(help: "The random seed; another seed gives another, equally realistic portfolio.")
    var seed: UInt64 = 1

    @Flag(help: "Replace the workspace's config, store and CSV bundle if DIR already has them.")
    var force = false

    @Argument(help: "The folder to write the workspace into.")
    var dir: String = "pmo-demo"

    func validate() throws {
        guard projects >= 1 else { throw ValidationError("--projects must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let fm = FileManager.default
            var config = WorkspaceConfig()
            config.asof = DemoPortfolio.defaultStatusDate
            let planned = Workspace(root: dir, config: config)
            let bundle = planned.path("data/csv")
            let existing = [planned.configPath, planned.storePath, bundle].filter { fm.fileExists(atPath: $0) }
            if !existing.isEmpty {
                guard force else {
                    throw WorkspaceError("\(dir): already holds \(existing.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")); pass --force to replace them, or choose another folder")
                }
                for path in existing { try fm.removeItem(atPath: path) }
                for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: planned.storePath + suffix) }
            }
            let workspace = try WorkspaceTemplate.create(in: dir, config: config)
            let data = DemoPortfolio(projects: projects, seed: seed).generate()
            let store = try PortfolioStore(path: workspace.storePath)
            let summary = try store.write { tx in try tx.insert(data, source: "demo") }
            try CSVBundleExporter().export(store, to: workspace.path("data/csv"))
            let scripts = try ExampleScripts.install(in: workspace.scriptsFolder)
            print("""
                Created the demo workspace \(workspace.root), as of \(DemoPortfolio.defaultStatusDate):
                  data/pmo.sqlite  \(summary)
                  data/csv/        the same data as a CSV bundle
                  scripts/         \(scripts.filter { $0.hasSuffix(".lua") }.count) example analysis scripts\(scripts.contains { !$0.hasSuffix(".lua") } ? " and their sample data" : "")
                Next steps:
                  cd \(dir)
                  pmo run scripts/portfolio-health.lua
                  pmo check
                """)
        }
    }
}
