import ArgumentParser
import Foundation
import RuleLibraries
import Workbench

struct LibPack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Pack a library as a reproducible .tar.gz: the same content gives the same bytes.",
        discussion: """
            Archives the library's files (not hidden ones such as .git, nor .tar.gz files at \
            its top) under NAME-VERSION/, sorted by name, with mode 0644, uid and gid 0, \
            mtime 0, and gzip without a name or timestamp. Install the pack with \
            `pmo lib install FILE`.

            Examples:
              pmo lib pack acme-delivery -o dist/acme-delivery.tar.gz
              cd acme-delivery && pmo lib pack
            """
    )

    @Argument(help: "A library folder, or an installed library's name (default: the current folder).")
    var dir: String = "."

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write, its folder created when missing (default: NAME-VERSION.tar.gz here).", valueName: "file"))
    var output: String?

    func run() throws {
        let library = try openLibrary(dir)
        let file = output ?? LibraryPack.fileName(library)
        let bytes = try reportingFailures { try LibraryPack.archive(library) }
        do {
            // As `pmo export DIR` does, a missing folder is made (the help's `-o dist/...`).
            let folder = (file as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        } catch {
            throw fail("cannot write \(file): \(error.localizedDescription)", ExitStatus.dataError)
        }
        print("Packed \(library.manifest.name) \(library.manifest.version) into \(file) (\(bytes.count) bytes)")
    }
}
