import Foundation
import LuaKit
import PMOScripting
import XCTest

/// `require` inside a library: its own namespace and pmo.*, nothing else (issue 9, case 8).
final class SandboxRequireTests: XCTestCase {
    var root: URL!
    var library: SandboxLibrary!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-require-\(UUID().uuidString)")
        let lib = root.appendingPathComponent("lib")
        try FileManager.default.createDirectory(at: lib.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try "return { name = 'acme.delivery' }".write(to: lib.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        try """
            local evm = require("pmo.evm")
            local M = {}
            function M.cpi(ev, ac) return evm.cpi(ev, ac) end
            function M.whoami() return require("acme.delivery").name end
            return M
            """.write(to: lib.appendingPathComponent("rules/spi.lua"), atomically: true, encoding: .utf8)
        try "return 'outside'".write(to: root.appendingPathComponent("secret.lua"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: lib.appendingPathComponent("escape.lua").path,
                                                   withDestinationPath: root.appendingPathComponent("secret.lua").path)
        library = SandboxLibrary(root: "acme.delivery", directory: lib.path)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func run(_ code: String) -> Result<[LuaData], SandboxError> {
        sandboxed(code, library: library)
    }

    func testRequireLoadsTheLibrarysOwnModules() throws {
        XCTAssertEqual(try run("return require('acme.delivery.rules.spi').whoami()").get(), ["acme.delivery"])
    }

    func testLibraryModulesCanUseTheEmbeddedStdlib() throws {
        XCTAssertEqual(try run("return require('acme.delivery.rules.spi').cpi(90, 100)").get(), [0.9])
    }

    func testStdlibModulesAreReadOnly() {
        guard case .failure(let e) = run("require('pmo.evm').cpi = nil") else { return XCTFail() }
        XCTAssertTrue(e.message.contains("read-only"), e.message)
    }

    func testRequireRefusesParentDirectories() {
        guard case .failure(let e) = run("return require('../../x')") else { return XCTFail() }
        XCTAssertTrue(e.message.contains("may require only its own modules"), e.message)
        guard case .failure(let e2) = run("return require('acme.delivery...secret')") else { return XCTFail() }
        XCTAssertTrue(e2.message.contains("bad module name"), e2.message)
    }

    func testRequireRefusesAbsolutePaths() {
        guard case .failure(let e) = run("return require('/etc/passwd')") else { return XCTFail() }
        XCTAssertTrue(e.message.contains("may require only its own modules"), e.message)
    }

    func testRequireRefusesSymlinkEscapes() {
        guard case .failure(let e) = run("return require('acme.delivery.escape')") else { return XCTFail() }
        XCTAssertTrue(e.message.contains("outside the library directory"), e.message)
    }

    func testRequireRefusesOtherNamespaces() {
        guard case .failure(let e) = run("return require('acme.finance')") else { return XCTFail() }
        XCTAssertTrue(e.message.contains("may require only its own modules (acme.delivery.*)"), e.message)
    }

    func testLibraryEntryPointRunsInTheWorker() throws {
        let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
        let out = try worker.run(SandboxRequest(.call(library: library, module: "acme.delivery.rules.spi", function: "cpi"),
                                                arguments: [45, 50]))
        XCTAssertEqual(out.results, [0.9])
    }

    func testLibraryLimitsApplyUnlessTheRunOverridesThem() throws {
        let worker = SandboxWorker(executable: SandboxHarness.pmoExecutable)
        var slow = library!
        slow.limits = SandboxLimits(instructions: 10)
        let job = SandboxRequest.Job.call(library: slow, module: "acme.delivery.rules.spi", function: "cpi")
        XCTAssertThrowsError(try worker.run(SandboxRequest(job, arguments: [1, 2]))) { e in
            XCTAssertEqual((e as? SandboxError)?.kind, .timeout)
        }
        XCTAssertEqual(try worker.run(SandboxRequest(job, arguments: [1, 2], limits: SandboxLimits())).results, [0.5])
    }
}
