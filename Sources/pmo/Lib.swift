import ArgumentParser
import Foundation
import PMOWorkspace
import RuleLibraries
import Workbench

struct Lib: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lib",
        abstract: "Rule libraries: create, test, document and pack them; install, verify and update them in a workspace.",
        discussion: """
            A rule library is a folder with pmo-lib.lua (its manifest: name, version, \
            depends, roots ...), Lua modules under its roots (acme/delivery/*.lua defining \
            KPIs with pmo.kpi), and spec/*_spec.lua tests with spec/fixtures/.

            A workspace installs libraries into libs/NAME/, locks every file's SHA-256 \
            in pmo.lock.lua, and lists them in pmo.config.lua with trust = false: \
            `pmo check` refuses a changed file and runs untrusted libraries in the \
            sandbox worker. See docs/libraries.md.

            Examples:
              pmo lib new acme-delivery
              cd acme-delivery && pmo lib test
              pmo lib pack -o ../acme-delivery.tar.gz
              cd ../my-pmo && pmo lib install ../acme-delivery.tar.gz
            """,
        subcommands: [LibNew.self, LibTest.self, LibPack.self, LibInstall.self, LibList.self, LibInfo.self, LibVerify.self, LibUpdate.self, LibRemove.self, LibDoc.self]
    )
}

/// The library a `pmo lib` command works on: a folder holding pmo-lib.lua (default: the
/// current one), else the workspace's installed library of that name (libs/NAME). Exits 3
/// with the manifest's file, line and field when it is malformed.
func openLibrary(_ folder: String) throws -> LibraryFolder {
    let fm = FileManager.default
    if !fm.fileExists(atPath: folder + "/" + LibraryManifest.fileName),
       LibraryManifest.isLibraryName(folder),
       let workspace = try? Workspace.discover(option: nil) {
        let installed = LibraryInstaller(workspace: workspace).folder(of: folder)
        if fm.fileExists(atPath: installed + "/" + LibraryManifest.fileName) {
            return try reportingFailures { try LibraryFolder.open(installed) }
        }
    }
    return try reportingFailures { try LibraryFolder.open(folder) }
}
