import Foundation
import PackagePlugin

/// Embeds the example analysis scripts (`scripts/*.lua`) and their sample data
/// (`scripts/*.csv`, such as current-state.lua's survey) into the target as Swift string
/// literals (`EmbeddedScripts.modules`, keyed by file name), so that
/// `pmo demo` can put them in the workspace it writes from any copy of the binary, and the
/// copies can never drift from the files the tests run.
@main
struct EmbedExampleScripts: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let scripts = context.package.directoryURL.appending(path: "scripts")
        let files = try FileManager.default.contentsOfDirectory(at: scripts, includingPropertiesForKeys: nil)
            .filter { ["lua", "csv"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedScripts.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) example scripts and data files",
                executable: try context.tool(named: "pmo-embed").url,
                arguments: ["--enum", "EmbeddedScripts", "--file-names", scripts.path, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
