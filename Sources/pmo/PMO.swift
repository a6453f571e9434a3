import ArgumentParser
import Foundation
import Workbench

@main
struct PMO: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmo",
        abstract: "Portfolio analysis in Lua: metrics, KPI rules and reports over your projects.",
        discussion: """
            A workspace is a folder with pmo.config.lua, data/pmo.sqlite, scripts/ and \
            rules/ (`pmo init`). Commands use the workspace of the current folder or its \
            nearest parent, or the one named by --workspace or $PMO_WORKSPACE; --store FILE \
            overrides its store. With no workspace, run and eval use a built-in demo portfolio.

            Exit statuses:
              0  ok
              1  script error, or a KPI or rule breach (pmo check)
              2  usage error (bad option or argument, unknown command or KPI id, a
                 --workspace that is not one, init or demo over an existing one)
              3  data error (bad input file, unreadable store, malformed pmo.config.lua)

            Output is coloured only on a terminal, and never when NO_COLOR is set.

            Examples:
              pmo demo my-pmo && cd my-pmo
              pmo run scripts/health.lua
              pmo check --fail-on amber --format junit > kpis.xml
            """,
        subcommands: [Repl.self, Init.self, Run.self, Eval.self, Check.self, Import.self, Export.self, Demo.self, Lib.self, Worker.self],
        defaultSubcommand: Repl.self
    )

    /// Parses and runs like `ParsableCommand.main()`, except that a usage error exits 2 (the
    /// status the documentation promises) instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}
