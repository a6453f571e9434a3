import ArgumentParser
import Foundation
import Workbench

/// `--workspace` and `--store`, shared by every command that reads or writes the store.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .customLong("workspace"), help: ArgumentHelp(
        "The workspace folder (default: $PMO_WORKSPACE, else the current folder or the nearest parent holding pmo.config.lua).",
        valueName: "dir"))
    var workspace: String?

    @Option(help: ArgumentHelp("A SQLite store to use instead of the workspace's.", valueName: "file"))
    var store: String?

    /// The workspace and store for this command; a missing or malformed one exits 2 or 3.
    func context() throws -> WorkContext {
        try reportingFailures { try WorkContext.resolve(workspace: workspace, store: store) }
    }

    /// The context of a command that needs a real store (not the demo): exits 2 with what to
    /// do when there is neither a workspace nor `--store`.
    func requiredContext(for command: String) throws -> WorkContext {
        let context = try context()
        guard context.store != .demo else {
            throw fail("\(command): no workspace here and no --store; run `pmo init` (or `pmo demo DIR`) to make one, pass --workspace DIR, or --store FILE", ExitStatus.usage)
        }
        return context
    }
}
