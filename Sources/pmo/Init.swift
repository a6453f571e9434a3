import ArgumentParser
import Foundation
import PMOModel
import PMOWorkspace
import Workbench

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a workspace: a config file, an empty store, and folders for data, scripts and rules.",
        discussion: """
            Writes DIR/pmo.config.lua (the settings, a commented Lua table: store path, \
            as-of date, `pmo check` defaults, installed rule libraries), DIR/data/pmo.sqlite \
            (an empty store), and the folders data/, scripts/ and rules/. Every pmo command run \
            in DIR or below it then uses this workspace. Refuses a folder that is already one.

            Examples:
              mkdir team-pmo && cd team-pmo && pmo init
              pmo init ~/pmo --asof 2026-06-30
            """
    )

    @Argument(help: "The folder to make a workspace of (created when missing).")
    var dir: String = "."

    @Option(help: ArgumentHelp("The as-of date reports default to, yyyy-mm-dd (default: none, i.e. now).", valueName: "date"))
    var asof: String?

    func run() throws {
        var config = WorkspaceConfig()
        if let asof {
            guard let day = Day(asof) else {
                throw fail("--asof: expected a date as yyyy-mm-dd, got '\(asof)'", ExitStatus.usage)
            }
            config.asof = day
        }
        let workspace = try reportingFailures { try WorkspaceTemplate.create(in: dir, config: config) }
        print("""
            Created the workspace \(workspace.root):
              pmo.config.lua   settings (store, as-of date, check defaults, libraries)
              data/pmo.sqlite  the store, empty
              scripts/         your analysis scripts
              rules/           your KPIs and rules, checked by `pmo check`
            Next steps:
              cd \(dir)
              pmo import plan.xml            # or a CSV bundle folder, a JSON file, a Jira CSV export
              pmo eval '#pmo.projects()'
              pmo check
            """)
    }
}
