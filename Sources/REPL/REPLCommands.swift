import Foundation
import LuaKit

/// A `:command` of the REPL: its name, its argument, and its help, declared once. Help texts
/// say `{run}` and `{printer}` where the host's names go (`REPLIdentity.fill`).
struct REPLCommand: Sendable {
    var name: String
    var argument: String
    var summary: String
    var help: String
    /// Runs the command with the rest of the line; returns false to end the session.
    var run: @Sendable (REPL, String) -> Bool

    var usage: String { argument.isEmpty ? ":\(name)" : ":\(name) \(argument)" }

    static let all: [REPLCommand] = [
        REPLCommand(name: "help", argument: "[NAME]", summary: "list commands and topics, or explain one",
                    help: """
                        :help alone lists the commands and the topics the session knows.
                        :help NAME explains a command (:help load), a topic, or a value of the
                        session: a table's fields with their types, a function's definition.
                        """) { repl, arg in repl.help(arg); return true },
        REPLCommand(name: "time", argument: "EXPR", summary: "run EXPR (or statements) and show how long it took",
                    help: """
                        Runs the code as if typed at the prompt, prints its values, then the wall-clock
                        time it took. Example: :time #string.rep("x", 1e7)
                        """) { repl, arg in repl.time(arg); return true },
        REPLCommand(name: "load", argument: "FILE", summary: "run a Lua file in the session",
                    help: """
                        Runs FILE with the session's environment: it sees the session's locals, and
                        the globals it sets stay. Its own top-level locals end with it, as with dofile.
                        Tab completes file names.
                        """) { repl, arg in repl.load(arg); return true },
        REPLCommand(name: "reload", argument: "", summary: "re-require modules whose files changed",
                    help: """
                        Finds the modules in package.loaded whose source file changed since they were
                        loaded, and requires them again. Variables that hold the old module table
                        (local m = require "m") keep it: read the module again after :reload.
                        """) { repl, _ in repl.reload(); return true },
        REPLCommand(name: "kpis", argument: "", summary: "list the KPIs defined in this session",
                    help: "Lists the KPI definitions the session knows: id, title, unit.") { repl, _ in
                        repl.list(.kpis); return true },
        REPLCommand(name: "rules", argument: "", summary: "list the KPI rules",
                    help: "Lists the rules (checks over KPIs) the session knows.") { repl, _ in
                        repl.list(.rules); return true },
        REPLCommand(name: "libs", argument: "", summary: "list the installed rule libraries",
                    help: "Lists the rule libraries installed, with their versions.") { repl, _ in
                        repl.list(.libraries); return true },
        REPLCommand(name: "asof", argument: "[DATE|none]", summary: "show, set (YYYY-MM-DD) or clear (none) the session's as-of date",
                    help: """
                        KPIs and earned-value figures are computed as of this date. :asof alone shows it;
                        :asof none clears it (everything recorded).
                        Example: :asof 2026-03-31
                        """) { repl, arg in repl.asOf(arg); return true },
        REPLCommand(name: "save", argument: "FILE", summary: "write the session's input as a runnable script",
                    help: """
                        Writes every input that ran without error, in order, to FILE: a script for
                        `{run} FILE` that prints what the session printed, the same way (through
                        require("{printer}").show), with the session's locals, `_` and :asof date.
                        """) { repl, arg in repl.save(arg); return true },
        REPLCommand(name: "clear", argument: "", summary: "clear the screen",
                    help: "Clears the terminal. The session's variables stay.") { repl, _ in
                        repl.clearScreen(); return true },
        REPLCommand(name: "quit", argument: "", summary: "leave the REPL (Ctrl-D does the same)",
                    help: "Ends the session. The history is already saved.") { _, _ in false },
    ]

    static func named(_ name: String) -> REPLCommand? {
        let bare = name.hasPrefix(":") ? String(name.dropFirst()) : name
        return all.first { $0.name == bare }
    }
}

/// What `:help` says about the REPL itself, after the command list.
let replHelpFooter = """
    At the prompt:
      an expression prints its value (1 + 1); statements run; an unfinished block continues
      on the >> prompt. `local` variables last for the whole session; `_` holds the last value.
      Tab completes names, fields, methods and :commands, and through the calls the session
      marks read-only: after f(x):<Tab> it lists the methods of what f(x) returns.
      Up walks the history; Ctrl-R searches it: (reverse-i-search)`text': line found, Enter
      runs it, Esc or an arrow edits it, Ctrl-G gives the old line back.
      Ctrl-C stops running code (or clears the line); Ctrl-D leaves, or on a >> line ends the
      unfinished input and stays.
      Printing: results fit the terminal's width; a string of several lines (r:explain())
      shows as its text, any other string quoted; require("{printer}").options sets depth,
      items, rows, columns and width (nil: the terminal's); scripts print the same way with
      require("{printer}").show(_, value), which is what :save writes.
    """
