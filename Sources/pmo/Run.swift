import ArgumentParser
import Foundation
import PMOScripting
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

            With --sandbox the script runs as untrusted code, in a worker process: no io, os \
            (but clock/time/date/difftime), package, debug or binary chunks; `require` reaches \
            only the embedded pmo.* modules; the arguments arrive as `...` only (no `arg`); print output is kept up to 64 KiB; and memory, \
            instructions and time are limited. `pmo` reads the store file (--store, else \
            the workspace's store) read-only: `pmo.transaction` fails and SQL cannot write; with \
            neither there is no `pmo`. A script that breaks a limit, or a worker that \
            hangs or crashes, ends with a message on stderr and exit status 1 (see docs/sandbox.md).

            Examples:
              pmo run scripts/portfolio-health.lua
              pmo run --workspace ~/my-pmo scripts/evm-report.lua Digital
              echo 'print(#pmo.projects())' | pmo run -
              echo 'print(#pmo.projects())' | pmo run --sandbox --timeout 2 --memory 32 -
              pmo run scripts/portfolio-report.lua --format html -o report.html

            Reports: a script that builds a document with `pmo.report` and returns it (or \
            passes it to `report.emit(doc)`) has it rendered after it ends, in the --format \
            given (text, md, csv, json, html; text by default), to --output or standard output. \
            --format and -o/--output are pmo's wherever they stand, also after SCRIPT (and in \
            a group of short options there: `-vo FILE` is -v and -o FILE); the later wins when \
            given twice; arguments after `--` all go to the script, the `--` included.
            """
    )

    @OptionGroup var where_: WorkspaceOptions

    @Flag(help: "Run the script sandboxed, in a worker process.")
    var sandbox = false

    @Option(help: "With --sandbox: memory cap in MiB (default 64).")
    var memory: Int?

    @Option(help: "With --sandbox: instruction budget (default 100000000).")
    var instructions: Int?

    @Option(help: "With --sandbox: wall-clock limit in seconds (default 5).")
    var timeout: Double?

    @OptionGroup var report: ReportOptions

    @Argument(help: "The Lua script to run, or - for standard input.")
    var script: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (arg[1], arg[2] ...).")
    var arguments: [String] = []

    func validate() throws {
        if !sandbox, memory != nil || instructions != nil || timeout != nil {
            throw ValidationError("--memory, --instructions and --timeout apply only with --sandbox")
        }
        if let memory, memory <= 0 { throw ValidationError("--memory must be a positive number of MiB") }
        if let instructions, instructions <= 0 { throw ValidationError("--instructions must be positive") }
        if let timeout, !(timeout > 0 && timeout.isFinite) {
            throw ValidationError("--timeout must be a positive, finite number of seconds, got \(timeout)")
        }
        if let timeout, timeout > SandboxLimits.maximumSeconds {
            throw ValidationError("--timeout: \(timeout) is too large: at most \(Int(SandboxLimits.maximumSeconds)) seconds")
        }
        if let memory, memory > SandboxLimits.maximumMemoryMB {
            throw ValidationError("--memory: \(memory) is too large: at most \(SandboxLimits.maximumMemoryMB) MiB")
        }
        if let instructions, instructions > SandboxLimits.maximumInstructions {
            throw ValidationError("--instructions: \(instructions) is too large: at most \(SandboxLimits.maximumInstructions)")
        }
        if sandbox, report.format != nil || report.output != nil {
            throw ValidationError("--format and --output do not apply with --sandbox")
        }
        if !sandbox { _ = try ScriptArguments.split(arguments) }
    }

    func run() throws {
        let status: Int32
        if sandbox {
            var limits = SandboxLimits()
            if let memory { limits.memoryBytes = memory << 20 }
            if let instructions { limits.instructions = instructions }
            if let timeout { limits.seconds = timeout }
            // The worker opens the file read-only; the in-memory demo cannot be shared with it,
            // so without a store file a sandboxed script has no store.
            var file: String?
            let context = try where_.context()
            if case .file(let path) = context.store { file = path }
            status = SandboxedScriptRunner(limits: limits, store: file, baseline: context.workspace?.config.evmBaseline ?? 0,
                                            settings: context.workspace?.config.scriptSettings ?? [:])
                .run(path: script, arguments: arguments)
        } else {
            let context = try where_.context()
            var runner = try reportingFailures { try ScriptRunner(context: context) }
            let source: ScriptRunner.Source = script == "-" ? .standardInput : .file(script)
            // Checked in validate(). Given both before and after SCRIPT, the later one wins, as
            // for any option given twice.
            let after = try ScriptArguments.split(arguments)
            runner.report = ReportOutput(format: after.report.format ?? report.format,
                                         path: after.report.output ?? report.output)
            status = runner.run(source, arguments: after.script)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
