import ArgumentParser
import REPL
import Workbench

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Open the interactive REPL (the default when no command is given).",
        discussion: """
            On a terminal: line editing, Tab completion, history in \
            $XDG_STATE_HOME/pmo/history (Ctrl-R searches it), Ctrl-C stops running code. \
            Type :help at the prompt for the commands.
            With input from a pipe or a file (pmo < analysis.lua), lines are read without \
            prompts and only results and errors are printed; the exit status is 1 if any \
            input failed.
            """
    )

    @OptionGroup var where_: WorkspaceOptions

    func run() throws {
        let context = try where_.context()
        try reportingFailures { try context.store.checkExists() }
        let location = context.store
        let banner: String
        switch location {
        case .file(let path): banner = "Store: \(path)" + (context.asof.map { ", as of \($0)" } ?? "")
        case .demo: banner = "No workspace here: this is the demo portfolio (40 projects, in memory). Try pmo.projects()"
        }
        let status: Int32
        do {
            status = try REPL(host: PMOREPLHost(session: context.session(), banner: banner, asof: context.asof,
                                                 libraries: context.workspace?.config.libraries ?? [],
                                                 definitions: SessionDefinitions(context: context))).run()
        } catch {
            throw ValidationError("cannot start the REPL: \(error)")
        }
        if status != 0 { throw ExitCode(status) }
    }
}
