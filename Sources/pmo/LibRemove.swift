import ArgumentParser
import Foundation
import Workbench

struct LibRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an installed library: its folder, lock entry and config entry.",
        discussion: "Refuses while another installed library depends on it.\n\nExample:\n  pmo lib remove acme-delivery"
    )

    @Argument(help: "The library's name.")
    var name: String

    @OptionGroup var where_: LibWorkspaceOptions

    func run() throws {
        let installer = try where_.installer(for: "remove")
        try reportingFailures { try installer.remove(name) }
        print("Removed \(name).")
    }
}
