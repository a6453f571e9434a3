import ArgumentParser
import Foundation
import Workbench

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate Lua code given on the command line and print its results.",
        discussion: """
            CODE is an expression (its values are printed, tab-separated) or a block of \
            statements (run). The global `pmo` is the workspace's portfolio, as in `pmo run`; \
            with no workspace it is the built-in demo portfolio and one line on stderr says so. \
            Errors go to stderr with exit status 1.

            Examples:
              pmo eval '#pmo.projects()'
              pmo eval 'pmo.project("PRJ-003"):evm().cpi'
              pmo eval 'for _, p in ipairs(pmo.projects{phase = "execution"}) do print(p.id, p.name) end'
            """
    )

    @OptionGroup var where_: WorkspaceOptions

    @Argument(help: "The Lua code to evaluate.")
    var code: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the code, as `...` and arg[1]...")
    var arguments: [String] = []

    func run() throws {
        let context = try where_.context()
        let runner = try reportingFailures { try ScriptRunner(context: context) }
        let status = runner.run(.code(code), arguments: arguments, printResults: true)
        if status != 0 { throw ExitCode(status) }
    }
}
