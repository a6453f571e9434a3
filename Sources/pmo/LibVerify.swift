import ArgumentParser
import Foundation
import RuleLibraries
import Workbench

struct LibVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every installed library (or one) against pmo.lock.lua; exit 3 naming each changed file.",
        discussion: "Examples:\n  pmo lib verify\n  pmo lib verify acme-delivery"
    )

    @Argument(help: "One library's name (default: all).")
    var name: String?

    @OptionGroup var where_: LibWorkspaceOptions

    func run() throws {
        let installer = try where_.installer(for: "verify")
        let names = try reportingFailures { try name.map { [$0] } ?? installer.lock().libraries.map(\.name) }
        var failed = false
        for n in names {
            let problems = try reportingFailures { try installer.problems(n) }
            if problems.isEmpty {
                print("ok      \(n)")
            } else {
                failed = true
                print("CHANGED \(n)\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
            }
        }
        if names.isEmpty { print("no libraries installed") }
        if failed { throw fail("some libraries do not match \(LockFile.fileName); reinstall them with `pmo lib update NAME`", ExitStatus.dataError) }
    }
}
