import ArgumentParser
import Foundation
import Workbench

struct LibList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the installed libraries: name, version, trust, the release's SHA-256 and source."
    )

    @OptionGroup var where_: LibWorkspaceOptions

    func run() throws {
        let installer = try where_.installer(for: "list")
        let lock = try reportingFailures { try installer.lock() }
        if lock.libraries.isEmpty { print("no libraries installed; add one with `pmo lib install SOURCE`") }
        for e in lock.libraries {
            let trust = installer.workspace.config.libraries.first { $0.name == e.name }?.trust == .trusted ? "trusted" : "untrusted"
            print("\(e.name) \(e.version)  \(trust)  sha256:\(e.sha256 ?? "unrecorded")  \(e.source)")
        }
    }
}
