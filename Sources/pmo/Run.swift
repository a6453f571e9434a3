import ArgumentParser
import Foundation
import Workbench

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Lua script on the workspace's portfolio.",
        discussion: """
            Runs SCRIPT as the stock `lua` interpreter would: the script sees its arguments as \
            `...` and in the global `arg` (arg[0] is the script), `os.exit(n)` ends with status \
            n, and an uncaught error prints its message and a traceback on stderr and exits 1. \
            The global `pmo` is the portfolio of the workspace (see `pmo --help`), seen as of \
            its config's `asof` date; `pmo.asof(d)` changes that.
            With no workspace, the script runs on the built-in demo portfolio and one line on \
            stderr says so.
            Use - as SCRIPT to read the script from standard input. A script may start with \
            `#!/usr/bin/env -S pmo run` and be run directly. Options for pmo go before SCRIPT; \
            everything after it is the script's.

            Examples:
              pmo run scripts/health.lua
              pmo run --workspace ~/pmo report.lua --since 2026-01-01
              echo 'print(#pmo.projects())' | pmo run -
            """
    )

    @OptionGroup var where_: WorkspaceOptions

    @Argument(help: "The Lua script to run, or - for standard input.")
    var script: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (arg[1], arg[2] ...).")
    var arguments: [String] = []

    func run() throws {
        let context = try where_.context()
        let runner = try reportingFailures { try ScriptRunner(context: context) }
        if context.store == .demo { FileHandle.standardError.write(Data((StoreLocation.demoNotice + "\n").utf8)) }
        let source: ScriptRunner.Source = script == "-" ? .standardInput : .file(script)
        let status = runner.run(source, arguments: arguments)
        if status != 0 { throw ExitCode(status) }
    }
}
