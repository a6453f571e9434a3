import ArgumentParser
import Foundation
import PMOModel
import PMOStore

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate the demo portfolio: a store and the same data as a CSV bundle.",
        discussion: """
            Writes DIR/pmo.sqlite and DIR/data/ (one CSV per table). The organisation has 3 \
            portfolios, projects in every phase, 12 months of status reports and time-phased \
            PV/EV/AC, late and over-budget projects, a "false green" (the third project, \
            PRJ-003, reports green while its numbers are red), risks, an over-allocated \
            resource pool, change requests, stakeholders, benefits, phase gates with missing \
            evidence and work items.
            The output depends only on --projects and --seed: the same on every run and machine.

            Examples:
              pmo demo
              pmo demo --projects 10000 --seed 7 bench
            """
    )

    @Option(help: "How many projects to generate.")
    var projects: Int = 40

    @Option(help: "The random seed; another seed gives another, equally realistic portfolio.")
    var seed: UInt64 = 1

    @Flag(help: "Replace DIR/pmo.sqlite and DIR/data if they exist.")
    var force = false

    @Argument(help: "The folder to write into.")
    var dir: String = "pmo-demo"

    func validate() throws {
        guard projects >= 1 else { throw ValidationError("--projects must be at least 1") }
    }

    func run() throws {
        try reportingDataErrors {
            let fm = FileManager.default
            let storePath = (dir as NSString).appendingPathComponent("pmo.sqlite")
            let dataPath = (dir as NSString).appendingPathComponent("data")
            if fm.fileExists(atPath: storePath) || fm.fileExists(atPath: dataPath) {
                guard force else {
                    throw StoreError("\(dir): already holds pmo.sqlite or data/; pass --force to replace them, or choose another folder")
                }
                for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: storePath + suffix) }
                try? fm.removeItem(atPath: dataPath)
            }
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let data = DemoPortfolio(projects: projects, seed: seed).generate()
            let store = try PortfolioStore(path: storePath)
            let summary = try store.write { tx in try tx.insert(data, source: "demo") }
            try CSVBundleExporter().export(store, to: dataPath)
            print("\(storePath): \(summary)")
            print("\(dataPath): the same data as a CSV bundle")
        }
    }
}
