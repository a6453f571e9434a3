import ArgumentParser
import Foundation
import RuleLibraries
import Workbench

struct LibUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Reinstall a library from its recorded source when that holds a newer version, or when its files no longer match pmo.lock.lua.",
        discussion: """
            A newer version goes through the same checks as `pmo lib install` and is untrusted \
            again. A library whose files were changed, removed or added since it was installed \
            (what `pmo lib verify` reports) is reinstalled from its source when that still \
            holds the release the lock records (same version, same SHA-256); another release \
            there is refused, naming both hashes.

            Example:
              pmo lib update acme-delivery
            """
    )

    @Argument(help: "The library's name.")
    var name: String

    @OptionGroup var where_: LibWorkspaceOptions

    func run() throws {
        let installer = try where_.installer(for: "update")
        let before = try reportingFailures { try installer.lock().entry(name) }
        if let entry = try reportingFailures({ try installer.update(name) }) {
            if let before, before.version == entry.version {
                print("Reinstalled \(name) \(entry.version) from \(entry.source): its files match \(LockFile.fileName) again; it runs sandboxed until you review it and set trust = true in pmo.config.lua.")
            } else {
                print("Updated \(name) to \(entry.version); it runs sandboxed until you review it and set trust = true in pmo.config.lua.")
            }
        } else {
            print("\(name) is up to date.")
        }
    }
}
