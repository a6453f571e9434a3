import ArgumentParser
import PMOScripting

/// The sandbox worker: the parent (`SandboxWorker`) starts `pmo __worker` and talks to it over
/// its standard input and output. Not for people, hence hidden from help.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "__worker",
        abstract: "Serve sandboxed runs over stdin/stdout (internal).",
        shouldDisplay: false
    )

    func run() throws {
        let status = WorkerServer.serve()
        if status != 0 { throw ExitCode(status) }
    }
}
