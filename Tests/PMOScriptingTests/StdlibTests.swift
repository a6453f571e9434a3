import LuaKit
import PMOScripting
import XCTest

/// The embedded Lua standard library.
final class StdlibTests: XCTestCase {
    func testEveryStdlibFileIsEmbedded() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../stdlib/pmo").standardized
        // Subfolders too: stdlib/pmo/report/html.lua is the module pmo.report.html.
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".lua") }
        XCTAssertFalse(files.isEmpty)
        XCTAssertTrue(files.contains("report/html.lua"), "\(files)")
        for f in files {
            let name = "pmo." + f.dropLast(4).replacingOccurrences(of: "/", with: ".")
            let onDisk = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            XCTAssertEqual(Stdlib.modules[name], onDisk, "\(name) embedded copy differs from \(f)")
        }
    }

    func testRequireFindsAnEmbeddedModule() throws {
        let lua = try LuaState()
        try Stdlib.install(in: lua)
        XCTAssertEqual(try lua.run("return require('pmo.evm').cpi(90, 100)"), [0.9])
    }

    func testEmbeddedModuleErrorsNameTheStdlibFile() throws {
        let lua = try LuaState()
        try Stdlib.install(in: lua)
        XCTAssertThrowsError(try lua.run("return require('pmo.evm').cpi(nil, 1)")) { e in
            XCTAssertEqual((e as? LuaError)?.chunk, "stdlib/pmo/evm.lua")
        }
    }

    func testUnknownModuleStillFallsBackToThePath() throws {
        let lua = try LuaState()
        try Stdlib.install(in: lua)
        XCTAssertThrowsError(try lua.run("require('pmo.nope')")) { e in
            XCTAssertTrue((e as? LuaError)?.message.contains("no embedded module 'pmo.nope'") ?? false)
        }
    }
}
