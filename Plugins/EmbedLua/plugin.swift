import Foundation
import PackagePlugin

/// Embeds Lua into the target as Swift string literals, so that a copied `pmo` binary carries
/// it (DESIGN.md, decision 8) and the embedded copy can never drift from the files people read:
/// - the Lua standard library (`stdlib/pmo/**/*.lua`) as `EmbeddedStdlib.modules`, keyed by
///   module name;
/// - the target's own Lua, `Sources/<target>/Lua/*.lua` (Lua the Swift code drives, kept in
///   .lua files rather than Swift strings), as `EmbeddedLua.<file's base name>`, each a chunk
///   named after its path in the package ("@Sources/PMOScripting/Lua/sandbox.lua"), so errors
///   and tracebacks point at the file. The target excludes `Lua` from its sources.
@main
struct EmbedLua: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "pmo-embed").url
        let stdlib = context.package.directoryURL.appending(path: "stdlib")
        let pmoDir = stdlib.appending(path: "pmo")
        // Recursive, so that stdlib/pmo/report/html.lua becomes the module `pmo.report.html`;
        // sorted by path, so that the generated file is the same on every machine.
        let enumerator = FileManager.default.enumerator(at: pmoDir, includingPropertiesForKeys: nil)
        let files = (enumerator?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "lua" }
            .sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedStdlib.swift")
        var commands: [Command] = [
            .buildCommand(
                displayName: "Embedding \(files.count) stdlib Lua modules",
                executable: tool,
                arguments: [stdlib.path, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
        // Sources/<target>/Lua: every target applying this plugin sits at SwiftPM's default
        // path (Target.directoryURL needs tools version 6.1).
        let own = context.package.directoryURL.appending(path: "Sources/\(target.name)/Lua")
        let chunks = ((try? FileManager.default.contentsOfDirectory(at: own, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "lua" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        if !chunks.isEmpty {
            let chunksOutput = context.pluginWorkDirectoryURL.appending(path: "EmbeddedLua.swift")
            commands.append(.buildCommand(
                displayName: "Embedding \(chunks.count) Lua chunks of \(target.name)",
                executable: tool,
                arguments: ["--chunks", "EmbeddedLua", context.package.directoryURL.path, chunksOutput.path]
                    + chunks.map(\.path),
                inputFiles: chunks,
                outputFiles: [chunksOutput]
            ))
        }
        return commands
    }
}
