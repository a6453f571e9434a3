import ArgumentParser
import Foundation
import Workbench

struct LibUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Reinstall a library from its recorded source when that holds a newer version.",
        discussion: "The new version goes through the same checks as `pmo lib install` and is untrusted again.\n\nExample:\n  pmo lib update acme-delivery"
    )

    @Argument(help: "The library's name.")
    var name: String

    @OptionGroup var where_: LibWorkspaceOptions

    func run() throws {
        let installer = try where_.installer(for: "update")
        if let entry = try reportingFailures({ try installer.update(name) }) {
            print("Updated \(name) to \(entry.version); it runs sandboxed until you review it and set trust = true in pmo.config.lua.")
        } else {
            print("\(name) is up to date.")
        }
    }
}
