import Foundation
import XCTest

/// LuaKit is the only Swift face of Lua (docs/architecture.md): no other target under Sources
/// imports Lua's C modules, calls its C API or takes the raw state out of LuaKit.
final class ArchitectureTests: XCTestCase {
    /// The package's root, from this file's path (Tests/LuaKitTests/ArchitectureTests.swift).
    private var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The targets that may speak Lua's C API: LuaKit and the C modules under it.
    private let luaTargets: Set<String> = ["LuaKit", "CLua", "CLuaBridge"]

    private func sourceLines() throws -> [(file: String, line: Int, text: String)] {
        let sources = root.appendingPathComponent("Sources")
        var found: [(String, Int, String)] = []
        for target in try FileManager.default.contentsOfDirectory(atPath: sources.path) where !luaTargets.contains(target) {
            let dir = sources.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: dir.path) else { continue }
            for case let relative as String in files where [".swift", ".c", ".h"].contains(where: relative.hasSuffix) {
                let text = try String(contentsOf: dir.appendingPathComponent(relative), encoding: .utf8)
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    if code.hasPrefix("//") || code.hasPrefix("*") || code.hasPrefix("/*") { continue }
                    found.append(("Sources/\(target)/\(relative)", i + 1, String(line)))
                }
            }
        }
        return found
    }

    func testNoTargetButLuaKitImportsLuasCModules() throws {
        let offenders = try sourceLines().filter { $0.text.range(of: #"^\s*import\s+CLua(Bridge)?\b"#, options: .regularExpression) != nil }
        XCTAssertEqual(offenders.map { "\($0.file):\($0.line)" }, [])
    }

    func testNoTargetButLuaKitCallsLuasCAPI() throws {
        let call = #"\b(lua|luaL|lkb)_[A-Za-z_]+\s*\("#
        let offenders = try sourceLines().filter { $0.text.range(of: call, options: .regularExpression) != nil }
        XCTAssertEqual(offenders.map { "\($0.file):\($0.line): \($0.text)" }, [])
    }

    func testNoTargetTakesTheRawStateOutOfLuaKit() throws {
        let offenders = try sourceLines().filter { $0.text.contains("unsafeRawState") }
        XCTAssertEqual(offenders.map { "\($0.file):\($0.line)" }, [])
    }
}
