import ArgumentParser
import Foundation
import PMOStore

/// `pmo schema-doc`: prints docs/schema.md, generated from the kinds' declaration and the
/// schema this build makes (`PMOStore.SchemaDoc`). For maintainers, hence hidden from help;
/// `SchemaDocTests` fails when the checked-in file differs from what it prints.
struct SchemaDocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema-doc",
        abstract: "Print docs/schema.md, generated from the schema (for maintainers).",
        shouldDisplay: false
    )

    func run() throws {
        let store = try PortfolioStore()
        let text = try store.schemaMarkdown()
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
