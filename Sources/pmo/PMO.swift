import ArgumentParser
import Workbench

@main
struct PMO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmo",
        abstract: "Portfolio analysis in Lua: metrics, KPI rules and reports over your projects.",
        discussion: """
            Exit statuses: 0 ok; 1 script error or KPI breach; 2 usage error; \
            3 data error (bad input file, unreadable store).
            """,
        subcommands: [Repl.self, Run.self, Eval.self, Import.self, Export.self, Demo.self, Worker.self],
        defaultSubcommand: Repl.self
    )
}
