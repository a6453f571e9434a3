import ArgumentParser
import Workbench

/// `--format` and `-o`/`--output`: how `pmo run` renders the report a script makes, and where
/// it writes it. Declared once; ArgumentParser parses them wherever they stand: before SCRIPT
/// as options of `pmo run`, after it through `ScriptArguments`.
struct ReportOptions: ParsableArguments {
    @Option(help: "Render the report the script returns or emits in this format (default: text, when it makes one).")
    var format: ReportOutput.Format?

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?
}

extension ReportOutput.Format: ExpressibleByArgument {}

/// What follows SCRIPT on `pmo run`'s command line: `--format` and `-o`/`--output`, which are
/// pmo's wherever they stand, and the script's own arguments, everything else in its order.
/// After `--` everything is the script's, and the `--` itself reaches it too (as before).
///
/// `pmo run` captures what follows SCRIPT unparsed, so that its other options there (`--help`,
/// `--sandbox`, `--store`) stay the script's, and hands it to this parser.
///
/// ```swift
/// let split = try ScriptArguments.split(["--since", "2026-01-01", "--format", "md", "--", "-o", "x"])
/// // split.report.format == .md; split.script == ["--since", "2026-01-01", "--", "-o", "x"]
/// ```
struct ScriptArguments: ParsableCommand {
    // No help names, and (as the subcommand of a super-command) no completion-script request:
    // `--help` after SCRIPT is the script's.
    static let configuration = CommandConfiguration(
        commandName: "run", _superCommandName: "pmo", helpNames: [])

    @OptionGroup var report: ReportOptions

    @Argument(parsing: .allUnrecognized)
    var script: [String] = []

    /// The report options and the script's arguments among `arguments`; a bad report option
    /// (`--format pdf`, `-o` without a file) is a `ValidationError` in ArgumentParser's words.
    static func split(_ arguments: [String]) throws -> (report: ReportOptions, script: [String]) {
        let parsed: ScriptArguments
        do {
            guard let command = try parseAsRoot(arguments) as? ScriptArguments else {
                throw ValidationError("cannot read the arguments after SCRIPT")
            }
            parsed = command
        } catch let error as ValidationError {
            throw error
        } catch where exitCode(for: error) == .success {
            // A request ArgumentParser answers in every command (its help dump), found among
            // the script's arguments: not pmo's to answer here.
            throw ValidationError("\(arguments.first { $0.hasPrefix("--experimental") } ?? "that flag") after SCRIPT: put it after `--` to pass it to the script")
        } catch {
            throw ValidationError(message(for: error))
        }
        return (parsed.report, parsed.script)
    }
}
