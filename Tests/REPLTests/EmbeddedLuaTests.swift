import Foundation
import XCTest
@testable import PMOScripting
@testable import RuleLibraries
@testable import Workbench

/// Lua reaches the binary one way, the EmbedLua plugin: every Sources/TARGET/Lua file of
/// PMOScripting (the sandbox's Lua half, the stdlib searcher, the pmo module's install), of
/// REPL (session locals, completion, the printer), of RuleLibraries (loader, searcher,
/// sandboxed check, spec and doc) and of Workbench (the REPL host, check, report output), as a
/// chunk named after its path that holds the file's text.
final class EmbeddedLuaTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The chunks each target embeds, by target.
    private let targets: [(String, [(name: String, source: String)])] = [
        ("PMOScripting", PMOScripting.EmbeddedLua.all.map { ($0.name, $0.source) }),
        ("REPL", replEmbeddedChunks),
        ("RuleLibraries", RuleLibraries.EmbeddedLua.all.map { ($0.name, $0.source) }),
        ("Workbench", Workbench.EmbeddedLua.all.map { ($0.name, $0.source) }),
    ]

    func testEveryLuaFileOfEachTargetIsEmbedded() throws {
        for (target, chunks) in targets {
            let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources/\(target)/Lua").path)
                .filter { $0.hasSuffix(".lua") }.map { "@Sources/\(target)/Lua/" + $0 }
            XCTAssertFalse(files.isEmpty, target)
            XCTAssertEqual(Set(chunks.map(\.name)), Set(files), target)
        }
    }

    func testEachEmbeddedChunkHoldsTheTextOfTheFileItIsNamedAfter() throws {
        for (_, chunks) in targets {
            for chunk in chunks {
                XCTAssertTrue(chunk.name.hasPrefix("@"), chunk.name)
                let text = try String(contentsOf: root.appendingPathComponent(String(chunk.name.dropFirst())), encoding: .utf8)
                XCTAssertEqual(chunk.source, text, chunk.name)
            }
        }
    }
}
