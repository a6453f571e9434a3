import Foundation
import PackagePlugin

/// Embeds the example analysis scripts (`scripts/*.lua`) into the target as Swift string
/// literals (`EmbeddedScripts.modules`, keyed by file name without `.lua`), so that
/// `pmo demo` can put them in the workspace it writes from any copy of the binary, and the
/// copies can never drift from the files the tests run.
@main
struct EmbedExampleScripts: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let scripts = context.package.directoryURL.appending(path: "scripts")
        let files = try FileManager.default.contentsOfDirectory(at: scripts, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "lua" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedScripts.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) example scripts",
                executable: try context.tool(named: "pmo-embed").url,
                arguments: ["--enum", "EmbeddedScripts", scripts.path, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
