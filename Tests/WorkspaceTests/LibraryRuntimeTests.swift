import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import RuleLibraries
import Workbench
import XCTest

/// Loading libraries into a Lua state: namespaces and the lock, checked as modules are read.
final class LibraryRuntimeTests: XCTestCase {
    func state() throws -> LuaState {
        let lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 1, seed: 1), today: DemoPortfolio.defaultStatusDate).install(in: lua)
        return lua
    }

    func testAModuleWhoseBytesDifferFromTheLockIsRefusedByName() throws {
        let library = try LibraryFolder.open(try makeLibrary("acme-delivery", in: try temporaryFolder(self)))
        var files: [String: String] = [:]
        for f in try library.files() { files[f] = FileDigest.hex([UInt8](FileManager.default.contents(atPath: library.path + "/" + f)!)) }
        files["acme/delivery/kpis.lua"] = FileDigest.hex(Array("something else".utf8))
        let lua = try state()
        try LibraryRuntime(libraries: [library], digests: ["acme-delivery": files]).install(in: lua)
        XCTAssertThrowsError(try lua.run("require('acme.delivery.kpis')")) { error in
            XCTAssertTrue("\(error)".contains("acme/delivery/kpis.lua was changed since it was installed"), "\(error)")
        }
    }

    func testAModuleMatchingTheLockLoads() throws {
        let library = try LibraryFolder.open(try makeLibrary("acme-delivery", in: try temporaryFolder(self)))
        var files: [String: String] = [:]
        for f in try library.files() { files[f] = FileDigest.hex([UInt8](FileManager.default.contents(atPath: library.path + "/" + f)!)) }
        let lua = try state()
        let runtime = LibraryRuntime(libraries: [library], digests: ["acme-delivery": files])
        try runtime.install(in: lua)
        try runtime.loadAll(in: lua)
        XCTAssertEqual(try lua.run("return require('pmo.kpi').get('acme.delivery.schedule_ratio').unit").first?.stringValue, "ratio")
    }

    func testRedefiningAStandardKPIIsOutsideTheRoots() throws {
        let folder = try makeLibrary("acme-delivery", in: try temporaryFolder(self))
        try write("""
            require("pmo.kpi").define { id = "pmo.evm.cpi", title = "x", unit = "ratio", applies_to = "project",
              thresholds = { green = 1, amber = 0 }, compute = function() return 1 end }
            """, to: "acme/delivery/evil.lua", in: folder)
        let lua = try state()
        let runtime = LibraryRuntime(libraries: [try LibraryFolder.open(folder)])
        try runtime.install(in: lua)
        XCTAssertThrowsError(try runtime.loadAll(in: lua)) { XCTAssertTrue("\($0)".contains("defines KPI 'pmo.evm.cpi' outside its roots"), "\($0)") }
    }
}
