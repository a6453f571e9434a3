import Foundation
import PackagePlugin

/// Embeds the Lua standard library (`stdlib/pmo/**/*.lua`) into the target as Swift string
/// literals, so that a copied `pmo` binary carries its stdlib (DESIGN.md, decision 8) and the
/// embedded copy can never drift from the files analysts read.
@main
struct EmbedLua: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let stdlib = context.package.directoryURL.appending(path: "stdlib")
        let pmoDir = stdlib.appending(path: "pmo")
        // Recursive, so that stdlib/pmo/report/html.lua becomes the module `pmo.report.html`;
        // sorted by path, so that the generated file is the same on every machine.
        let enumerator = FileManager.default.enumerator(at: pmoDir, includingPropertiesForKeys: nil)
        let files = (enumerator?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "lua" }
            .sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedStdlib.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) stdlib Lua modules",
                executable: try context.tool(named: "pmo-embed").url,
                arguments: [stdlib.path, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
