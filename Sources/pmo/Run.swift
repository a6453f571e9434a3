import ArgumentParser
import Workbench

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Lua script.",
        discussion: """
            Runs SCRIPT as the stock `lua` interpreter would: the script sees its arguments as \
            `...` and in the global `arg` (arg[0] is the script), `os.exit(n)` ends with status \
            n, and an uncaught error prints its message and a traceback on stderr and exits 1.
            Use - as SCRIPT to read the script from standard input. A script may start with \
            `#!/usr/bin/env -S pmo run` and be run directly.

            Examples:
              pmo run health.lua
              pmo run report.lua --since 2026-01-01
              echo 'print(1 + 1)' | pmo run -
            """
    )

    @Argument(help: "The Lua script to run, or - for standard input.")
    var script: String

    @Option(help: "The SQLite store the `pmo` module reads (default: ./pmo.sqlite, else the demo portfolio).")
    var store: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (arg[1], arg[2] ...).")
    var arguments: [String] = []

    func run() throws {
        let source: ScriptRunner.Source = script == "-" ? .standardInput : .file(script)
        let status = ScriptRunner(session: StoreLocation.resolve(store).session()).run(source, arguments: arguments)
        if status != 0 { throw ExitCode(status) }
    }
}
