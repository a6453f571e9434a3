import ArgumentParser
import Workbench

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a Lua chunk given on the command line and print its results.",
        discussion: """
            CODE is an expression (printed) or a block of statements (run). Errors go to \
            stderr with exit status 1.

            Examples:
              pmo eval '1 + 1'
              pmo eval 'for i = 1, 3 do print(i) end'
            """
    )

    @Argument(help: "The Lua code to evaluate.")
    var code: String

    @Option(help: "The SQLite store the `pmo` module reads (default: ./pmo.sqlite, else the demo portfolio).")
    var store: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the code, as `...` and arg[1]...")
    var arguments: [String] = []

    func run() throws {
        let status = ScriptRunner(session: StoreLocation.resolve(store).session()).run(.code(code), arguments: arguments, printResults: true)
        if status != 0 { throw ExitCode(status) }
    }
}
