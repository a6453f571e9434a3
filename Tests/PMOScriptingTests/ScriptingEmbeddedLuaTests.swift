import Foundation
import XCTest
@testable import PMOScripting

/// PMOScripting's Lua (the sandbox's Lua half, the stdlib searcher, the pmo module's install)
/// reaches the binary through the EmbedLua plugin: every Sources/PMOScripting/Lua file, as a
/// chunk named after its path that holds the file's text.
final class ScriptingEmbeddedLuaTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEveryLuaFileOfTheTargetIsEmbedded() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources/PMOScripting/Lua").path)
            .filter { $0.hasSuffix(".lua") }.map { "@Sources/PMOScripting/Lua/" + $0 }
        XCTAssertFalse(files.isEmpty)
        XCTAssertEqual(Set(EmbeddedLua.all.map(\.name)), Set(files))
    }

    func testEachEmbeddedChunkHoldsTheTextOfTheFileItIsNamedAfter() throws {
        for chunk in EmbeddedLua.all {
            XCTAssertTrue(chunk.name.hasPrefix("@"), chunk.name)
            let text = try String(contentsOf: root.appendingPathComponent(String(chunk.name.dropFirst())), encoding: .utf8)
            XCTAssertEqual(chunk.source, text, chunk.name)
        }
    }
}
