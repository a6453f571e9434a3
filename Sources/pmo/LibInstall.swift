import ArgumentParser
import Foundation
import RuleLibraries
import Workbench

struct LibInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install a rule library into the workspace (libs/NAME/), locked by SHA-256 and untrusted.",
        discussion: """
            SOURCE is a library folder, a .tar.gz made by `pmo lib pack`, or a git \
            repository (a path or URL) with an optional @tag \
            (https://git.example/acme-delivery.git@v1.2.0, fetched with git clone --depth 1). The library's depends are \
            checked (>=, <=, >, <, =, ~>) against pmo's version and the installed libraries, \
            and so are the installed libraries' depends on it; its roots must not overlap \
            another library's. Then it is copied to libs/NAME/, every file's SHA-256 is \
            written to pmo.lock.lua, and pmo.config.lua lists it with trust = false. \
            Installing a library again replaces it.

            Examples:
              pmo lib install ../acme-delivery
              pmo lib install ../acme-delivery/acme-delivery-0.1.0.tar.gz
            """
    )

    @Argument(help: "A library folder, a .tar.gz pack, or a git repository[@tag].")
    var source: String

    @OptionGroup var where_: LibWorkspaceOptions

    func run() throws {
        let installer = try where_.installer(for: "install")
        let entry = try reportingFailures { try installer.install(LibrarySource.parse(source)) }
        print("""
            Installed \(entry.name) \(entry.version) into libs/\(entry.name)/ (\(entry.files.count) files locked in \(LockFile.fileName)).
            It is not trusted: pmo check, pmo run and the REPL run it sandboxed (no io or os, a read-only store, the workspace's limits).
            To run it as your own code, review it, then set trust = true in its entry of pmo.config.lua.
            """)
        // The workspace owner's ceiling wins over what the library asks for.
        if let limits = try? LibraryFolder.open(installer.folder(of: entry.name)).manifest.limits {
            let excess = limits.excess(over: installer.workspace.config.sandboxCeiling)
            if !excess.isEmpty {
                FileHandle.standardError.write(Data("pmo: note: \(entry.name) asks for sandbox limits above this workspace's ceiling: \(excess.joined(separator: ", ")); it will run under the ceiling (raise it with sandbox = { ... } in pmo.config.lua)\n".utf8))
            }
        }
    }
}
