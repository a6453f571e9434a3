import ArgumentParser
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

    func run() throws {
        let status: Int32
        do {
            status = try REPL(host: PlainREPLHost()).run()
        } catch {
            throw ValidationError("cannot start the REPL: \(error)")
        }
        if status != 0 { throw ExitCode(status) }
    }
}
