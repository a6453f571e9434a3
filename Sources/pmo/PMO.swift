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
              pmo run scripts/portfolio-health.lua
              pmo check --fail-on amber --format junit > kpis.xml
            """,
        subcommands: [Repl.self, Init.self, Run.self, Eval.self, Check.self, Diff.self, Import.self, Export.self, Demo.self, Lib.self, Worker.self, SchemaDocCommand.self],
        defaultSubcommand: Repl.self
    )

    /// Parses and runs like `ParsableCommand.main()`, except that a usage error exits 2 (the
    /// status the documentation promises) instead of ArgumentParser's 64.
    static func main() {
        if let message = unknownCommand(Array(CommandLine.arguments.dropFirst()), of: PMO.self) {
            FileHandle.standardError.write(Data(("pmo: " + message + "\n").utf8))
            Foundation.exit(ExitStatus.usage)
        }
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

/// What to say when `arguments` name a command `command` does not have (`pmo chek`, `pmo lib
/// instal`), with the nearest ones; nil when they name no command or a known one. The REPL,
/// the default command, takes no word of its own, so a word there is always a command.
func unknownCommand(_ arguments: [String], of command: ParsableCommand.Type, path: [String] = ["pmo"]) -> String? {
    guard let word = arguments.first, !word.hasPrefix("-"), word != "help" else { return nil }
    let subcommands = command.configuration.subcommands
    guard !subcommands.isEmpty else { return nil }
    let names = subcommands.map { $0._commandName }
    if let known = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
        return unknownCommand(Array(arguments.dropFirst()), of: known, path: path + [word])
    }
    let visible = names.filter { $0 != "__worker" }
    let near = visible.filter { editDistance($0, word) <= max(1, min($0.count, word.count) / 3) || $0.hasPrefix(word) }
    let hint = near.isEmpty ? "the commands are: " + visible.joined(separator: ", ")
        : "did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?"
    return "'\(word)' is not a command of `\(path.joined(separator: " "))`; \(hint) (see `\(path.joined(separator: " ")) --help`)"
}

/// Levenshtein distance between two words (insertions, deletions, substitutions).
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var diagonal = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let above = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
            diagonal = above
        }
    }
    return a.isEmpty ? b.count : row[b.count]
}
