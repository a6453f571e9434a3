import Foundation
import XCTest
@testable import Workbench

/// Workbench's Lua reaches the binary one way (the EmbedLua plugin): every Sources/Workbench/Lua
/// file, as a chunk named after its path that holds the file's text.
final class EmbeddedLuaTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEveryLuaFileOfTheTargetIsEmbedded() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources/Workbench/Lua").path)
            .filter { $0.hasSuffix(".lua") }.map { "@Sources/Workbench/Lua/" + $0 }
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
