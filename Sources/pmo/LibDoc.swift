import ArgumentParser
import Foundation
import RuleLibraries
import Workbench

struct LibDoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Generate a library's documentation from its doc comments and KPI metadata.",
        discussion: """
            Loads the library in the sandbox worker (its code is never run in pmo \
            itself, whoever wrote it) and documents each KPI and rule under its roots (title, \
            unit, applies to, thresholds and direction, formula, source, version), then \
            each module: the doc comment at its top and the one above each public \
            function (--- first line, -- further lines). Markdown by default, or one \
            self-contained HTML page.

            Examples:
              pmo lib doc acme-delivery --format html -o acme-delivery.html
              cd acme-delivery && pmo lib doc > API.md
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, html
    }

    @Argument(help: "A library folder, or an installed library's name (default: the current folder).")
    var name: String = "."

    @Option(help: "md or html.")
    var format: Format = .md

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var where_: LibWorkspaceOptions

    func run() throws {
        let isFolder = FileManager.default.fileExists(atPath: name + "/" + LibraryManifest.fileName)
        let folder = isFolder ? name : try where_.installer(for: "doc").folder(of: name)
        let library = try openLibrary(folder)
        let doc: LibraryDoc
        do {
            doc = try LibraryDoc.gatherSandboxed(SandboxedLibraryRun(library: library,
                                                                    ceiling: SandboxedLibraryRun.policy(for: library).ceiling))
        } catch {
            throw fail("cannot load \(library.manifest.name) to document it: \(error)", ExitStatus.scriptError)
        }
        let text = format == .md ? LibraryDocFormat.markdown(doc) : LibraryDocFormat.html(doc)
        if let output {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                throw fail("cannot write \(output): \(error.localizedDescription)", ExitStatus.dataError)
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
