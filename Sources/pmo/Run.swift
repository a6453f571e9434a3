import ArgumentParser
import PMOScripting
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

            With --sandbox the script runs as untrusted code, in a worker process: no io, os \
            (but clock/time/date/difftime), package, debug or binary chunks; `require` reaches \
            only the embedded pmo.* modules; the arguments arrive as `...` only (no `arg`); print output is kept up to 64 KiB; and memory, \
            instructions and time are limited. `pmo` reads the store file (--store, else \
            ./pmo.sqlite) read-only: `pmo.transaction` fails and SQL cannot write; with neither \
            there is no `pmo`. A script that breaks a limit, or a worker that \
            hangs or crashes, ends with a message on stderr and exit status 1 (see docs/sandbox.md).

            Examples:
              pmo run health.lua
              pmo run report.lua --since 2026-01-01
              echo 'print(1 + 1)' | pmo run -
              pmo run --sandbox --timeout 2 --memory 32 third-party.lua
            """
    )

    @Flag(help: "Run the script sandboxed, in a worker process.")
    var sandbox = false

    @Option(help: "With --sandbox: memory cap in MiB (default 64).")
    var memory: Int?

    @Option(help: "With --sandbox: instruction budget (default 100000000).")
    var instructions: Int?

    @Option(help: "With --sandbox: wall-clock limit in seconds (default 5).")
    var timeout: Double?

    @Argument(help: "The Lua script to run, or - for standard input.")
    var script: String

    @Option(help: "The SQLite store the `pmo` module reads (default: ./pmo.sqlite, else the demo portfolio).")
    var store: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (arg[1], arg[2] ...).")
    var arguments: [String] = []

    func validate() throws {
        if !sandbox, memory != nil || instructions != nil || timeout != nil {
            throw ValidationError("--memory, --instructions and --timeout apply only with --sandbox")
        }
        if let memory, memory <= 0 { throw ValidationError("--memory must be a positive number of MiB") }
        if let instructions, instructions <= 0 { throw ValidationError("--instructions must be positive") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
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
            if case .file(let path) = StoreLocation.resolve(store) { file = path }
            status = SandboxedScriptRunner(limits: limits, store: file).run(path: script, arguments: arguments)
        } else {
            let source: ScriptRunner.Source = script == "-" ? .standardInput : .file(script)
            status = ScriptRunner(session: StoreLocation.resolve(store).session()).run(source, arguments: arguments)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
