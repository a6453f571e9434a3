import Foundation
import PackagePlugin

/// The one way Lua (and the files that go with it) reaches the binary: as Swift string
/// literals that pmo-embed writes at build time, so that a copied `pmo` binary carries them
/// (DESIGN.md, decision 8) and the embedded copy can never drift from the files people read.
/// For each target it is applied to:
/// - the target's own Lua, `Sources/<target>/Lua/*.lua` (Lua the Swift code drives, kept in
///   .lua files rather than Swift strings), as `EmbeddedLua.<file's base name>`, each a chunk
///   named after its path in the package ("@Sources/PMOScripting/Lua/sandbox.lua"), so errors
///   and tracebacks point at the file; the target excludes `Lua` from its sources;
/// - PMOScripting: the Lua standard library (`stdlib/pmo/**/*.lua`) as
///   `EmbeddedStdlib.modules`, keyed by module name;
/// - Workbench: the example analysis scripts and their sample data (`scripts/*.lua`,
///   `scripts/*.csv`) as `EmbeddedScripts.modules`, keyed by file name, for `pmo demo`.
@main
struct EmbedLua: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let tool = try context.tool(named: "pmo-embed").url
        let work = context.pluginWorkDirectoryURL
        var commands: [Command] = []

        // Sources/<target>/Lua: every target applying this plugin sits at SwiftPM's default
        // path (Target.directoryURL needs tools version 6.1).
        let chunks = Self.files(in: package.appending(path: "Sources/\(target.name)/Lua"), extensions: ["lua"])
        if !chunks.isEmpty {
            let output = work.appending(path: "EmbeddedLua.swift")
            commands.append(.buildCommand(
                displayName: "Embedding \(chunks.count) Lua chunks of \(target.name)",
                executable: tool,
                arguments: ["--chunks", "EmbeddedLua", package.path, output.path] + chunks.map(\.path),
                inputFiles: chunks,
                outputFiles: [output]
            ))
        }

        switch target.name {
        case "PMOScripting":
            let stdlib = package.appending(path: "stdlib")
            // Recursive, so that stdlib/pmo/report/html.lua becomes the module `pmo.report.html`.
            let files = Self.files(in: stdlib.appending(path: "pmo"), extensions: ["lua"], recursive: true)
            let output = work.appending(path: "EmbeddedStdlib.swift")
            commands.append(.buildCommand(
                displayName: "Embedding \(files.count) stdlib Lua modules",
                executable: tool,
                arguments: [stdlib.path, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            ))
        case "Workbench":
            let scripts = package.appending(path: "scripts")
            let files = Self.files(in: scripts, extensions: ["lua", "csv"])
            let output = work.appending(path: "EmbeddedScripts.swift")
            commands.append(.buildCommand(
                displayName: "Embedding \(files.count) example scripts and data files",
                executable: tool,
                arguments: ["--enum", "EmbeddedScripts", "--file-names", scripts.path, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            ))
        default:
            break
        }
        return commands
    }

    /// The files in `directory` (and below it, when `recursive`) with one of `extensions`,
    /// sorted by path, so that the generated file is the same on every machine.
    static func files(in directory: URL, extensions: Set<String>, recursive: Bool = false) -> [URL] {
        let fm = FileManager.default
        let found: [URL]
        if recursive {
            found = fm.enumerator(at: directory, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        } else {
            found = (try? fm.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        }
        return found.filter { extensions.contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }
}
