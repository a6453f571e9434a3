import ArgumentParser
import Foundation
import PMOWorkspace
import RuleLibraries
import Workbench

/// `--workspace` for the `pmo lib` commands that change or read a workspace's libraries.
struct LibWorkspaceOptions: ParsableArguments {
    @Option(name: .customLong("workspace"), help: ArgumentHelp(
        "The workspace folder (default: $PMO_WORKSPACE, else the current folder or the nearest parent holding pmo.config.lua).",
        valueName: "dir"))
    var workspace: String?

    /// The installer of the workspace found; exits 2 when there is none.
    func installer(for command: String) throws -> LibraryInstaller {
        let found = try reportingFailures { try Workspace.discover(option: workspace) }
        guard let found else {
            throw fail("lib \(command): no workspace here; run it in a workspace (`pmo init`), or pass --workspace DIR", ExitStatus.usage)
        }
        return LibraryInstaller(workspace: found)
    }
}
