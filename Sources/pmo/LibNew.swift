import ArgumentParser
import Foundation
import RuleLibraries
import Workbench

struct LibNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a rule library: a manifest, an example KPI, a spec and a fixture that pass as created.",
        discussion: """
            Writes DIR (default: NAME) with pmo-lib.lua, ROOT/kpis.lua (an example KPI, \
            ROOT being NAME with '-' read as '.': acme-delivery owns acme.delivery), \
            spec/kpis_spec.lua, spec/fixtures/projects.lua and a README. Refuses a folder \
            that exists and is not empty.

            Examples:
              pmo lib new acme-risk
              pmo lib new acme-risk ~/src/acme-risk
            """
    )

    @Argument(help: "The library's name: lower-case letters, digits, '-' and '.'.")
    var name: String

    @Argument(help: "The folder to create (default: NAME).")
    var dir: String?

    func run() throws {
        let folder = dir ?? name
        do {
            let scaffold = try LibraryScaffold(name: name)
            try scaffold.create(in: folder)
            print("""
                Created the rule library \(name) in \(folder) (it owns the namespace \(scaffold.root)):
                \(scaffold.files.map { "  " + $0.path }.joined(separator: "\n"))
                Next steps:
                  cd \(folder)
                  pmo lib test
                """)
        } catch let e as LibraryError {
            throw fail(e.description, ExitStatus.usage)
        }
    }
}
