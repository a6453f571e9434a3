import ArgumentParser
import Foundation
import RuleLibraries
import Workbench

struct LibInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show an installed library's (or a library folder's) manifest, modules and lock state.",
        discussion: "Examples:\n  pmo lib info acme-delivery\n  pmo lib info ../acme-delivery"
    )

    @Argument(help: "An installed library's name, or a library folder.")
    var name: String

    @OptionGroup var where_: LibWorkspaceOptions

    func run() throws {
        let isFolder = FileManager.default.fileExists(atPath: name + "/" + LibraryManifest.fileName)
        let installer = isFolder ? nil : try where_.installer(for: "info")
        let library = try openLibrary(installer?.folder(of: name) ?? name)
        let m = library.manifest
        var lines = ["\(m.name) \(m.version)" + (m.summary.map { "  " + $0 } ?? "")]
        if let l = m.licence { lines.append("licence:  \(l)") }
        if !m.authors.isEmpty { lines.append("authors:  \(m.authors.joined(separator: ", "))") }
        if let h = m.homepage { lines.append("homepage: \(h)") }
        lines.append("roots:    \(m.roots.joined(separator: ", "))")
        lines.append("depends:  \(m.depends.isEmpty ? "nothing" : m.depends.map(\.description).joined(separator: ", "))")
        lines.append("modules:  \(library.modules().joined(separator: ", "))")
        if let installer, let entry = try reportingFailures({ try installer.lock().entry(name) }) {
            let problems = try reportingFailures { try installer.problems(name) }
            lines.append("source:   \(entry.source)")
            lines.append("sha256:   \(entry.sha256 ?? "not recorded (installed by an older pmo; pmo lib install records it)")")
            lines.append("lock:     \(entry.files.count) files, \(problems.isEmpty ? "all match" : "\(problems.count) differ (pmo lib verify \(name))")")
        }
        print(lines.joined(separator: "\n"))
    }
}
