import Foundation
import XCTest

/// `pmo lib` driven through the real binary on real folders: one library's whole life, from
/// `pmo lib new` to a refused load, and the exit statuses scripts and CI rely on.
final class LibraryCommandTests: EndToEndCase {
    func read(_ relative: String) throws -> Data {
        try XCTUnwrap(FileManager.default.contents(atPath: path(relative)), relative)
    }

    func testALibraryIsCreatedTestedPackedInstalledCheckedAndRefusedOnceChanged() throws {
        // Create it, and its specs pass as created.
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        let tested = try pmo("lib", "test", "--format", "tap", in: "acme-delivery")
        XCTAssertEqual(tested.status, 0, tested.stdout + tested.stderr)
        XCTAssertTrue(tested.stdout.hasPrefix("TAP version 13\n1..3\nok 1"), tested.stdout)

        // Pack it twice: the same bytes.
        XCTAssertEqual(try pmo("lib", "pack", "acme-delivery", "-o", "one.tar.gz").status, 0)
        XCTAssertEqual(try pmo("lib", "pack", "acme-delivery", "-o", "two.tar.gz").status, 0)
        XCTAssertEqual(try read("one.tar.gz"), try read("two.tar.gz"))

        // Install the pack into a second workspace, and trust it.
        try demoWorkspace("ws", projects: 5)
        let installed = try pmo("lib", "install", path("one.tar.gz"), in: "ws")
        XCTAssertEqual(installed.status, 0, installed.stderr)
        let config = String(decoding: try read("ws/pmo.config.lua"), as: UTF8.self)
        XCTAssertTrue(config.contains("trust = false"), config)
        try write(config.replacingOccurrences(of: "trust = false", with: "trust = true"), to: "ws/pmo.config.lua")

        // Its KPI is evaluated by pmo check.
        let checked = try pmo("check", "--kpi", "acme.delivery.schedule_ratio", "--format", "json", in: "ws")
        XCTAssertNotEqual(checked.status, 3, checked.stderr)
        XCTAssertTrue(checked.stdout.contains("acme.delivery.schedule_ratio"), checked.stdout + checked.stderr)

        // Change one of its files: the load is refused, naming the file.
        let module = "ws/libs/acme-delivery/acme/delivery/kpis.lua"
        try write(String(decoding: try read(module), as: UTF8.self) + "\n-- tampered\n", to: module)
        let refused = try pmo("check", in: "ws")
        XCTAssertEqual(refused.status, 3, refused.stdout)
        XCTAssertTrue(refused.stderr.contains("libs/acme-delivery/acme/delivery/kpis.lua was changed since it was installed"), refused.stderr)
    }

    func testLibTestExitsOneWhenASpecFails() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        try write("it('fails', function() assert.equal(1, 2) end)", to: "acme-delivery/spec/bad_spec.lua")
        let r = try pmo("lib", "test", in: "acme-delivery")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("3 passed, 1 failed, 0 errors, 0 pending"), r.stdout)
    }

    func testLibTestsTextNamesAFailedAssertionsFileAndLine() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        try write("\nit('fails', function() assert.equal(1, 2) end)", to: "acme-delivery/spec/bad_spec.lua")
        let r = try pmo("lib", "test", in: "acme-delivery")
        XCTAssertTrue(r.stdout.contains("FAIL    spec/bad_spec.lua: fails\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("bad_spec.lua:2: expected 1, got 2\n"), r.stdout)
    }

    func testLibVerifyExitsThreeNamingTheChangedFile() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        try demoWorkspace("ws", projects: 5)
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws").status, 0)
        try write("changed\n", to: "ws/libs/acme-delivery/README.md")
        let r = try pmo("lib", "verify", in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stdout.contains("libs/acme-delivery/README.md was changed"), r.stdout)
    }

    /// A library installed (untrusted) from a fresh scaffold into a 5-project demo workspace.
    func installedUntrusted() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        try demoWorkspace("ws", projects: 5)
        let r = try pmo("lib", "install", path("acme-delivery"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testInstallSaysAnUntrustedLibraryRunsSandboxedAndTheConfigSaysTrustFalse() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        try demoWorkspace("ws", projects: 5)
        let r = try pmo("lib", "install", path("acme-delivery"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("pmo check, pmo run and the REPL run it sandboxed"), r.stdout)
        XCTAssertFalse(r.stdout.contains("for `pmo check` to run it"), r.stdout)
        let config = try String(contentsOfFile: path("ws/pmo.config.lua"), encoding: .utf8)
        XCTAssertFalse(config.contains("trust = \"sandboxed\""), config)
    }

    func testAnUntrustedLibraryRunsSandboxedWithTheResultsItGetsTrusted() throws {
        try installedUntrusted()
        let sandboxed = try pmo("check", "--kpi", "acme.delivery.schedule_ratio", "--format", "json", in: "ws")
        XCTAssertTrue(sandboxed.stdout.contains("acme.delivery.schedule_ratio"), sandboxed.stdout + sandboxed.stderr)
        let config = String(decoding: try read("ws/pmo.config.lua"), as: UTF8.self)
        try write(config.replacingOccurrences(of: "trust = false", with: "trust = true"), to: "ws/pmo.config.lua")
        let trusted = try pmo("check", "--kpi", "acme.delivery.schedule_ratio", "--format", "json", in: "ws")
        XCTAssertEqual(sandboxed.stdout, trusted.stdout)
        XCTAssertEqual(sandboxed.status, trusted.status)
    }

    func testASandboxedLibraryHasNoIo() throws {
        try installedUntrusted()
        // Reinstall a version whose module reaches for io.
        try write("local f = io.open('/etc/passwd')\nreturn {}\n", to: "acme-delivery/acme/delivery/reader.lua")
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws").status, 0)
        let r = try pmo("check", in: "ws")
        XCTAssertEqual(r.status, 1)
        // The failure is one error result of the check (issue 21: the other results still come).
        XCTAssertTrue(r.stdout.contains("library acme-delivery failed in the sandbox") && r.stdout.contains("global 'io'"), r.stdout + r.stderr)
    }

    func testASandboxedLibraryCannotWriteTheStore() throws {
        try installedUntrusted()
        try write("""
            pmo.transaction(function(tx) tx:update(pmo.projects()[1], { phase = "closing" }) end)
            return {}
            """, to: "acme-delivery/acme/delivery/writer.lua")
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws").status, 0)
        let r = try pmo("check", in: "ws")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("read-only view of the store"), r.stdout + r.stderr)
    }

    func testASandboxedLibrarysArgumentErrorThroughPmoArgsBlamesItsCallersLine() throws {
        try installedUntrusted()
        try write("""
            local args = require("pmo.args")
            local M = {}
            function M.late(p) args.check(1, "late", p, "table") return p end
            return M
            """, to: "acme-delivery/acme/delivery/weeks.lua")
        try write("""
            local weeks = require("acme.delivery.weeks")
            it("blames the caller", function()
              local ok, e = pcall(function()
                weeks.late(5)
              end)
              assert.equal(false, ok)
              assert.truthy(e:find(":4: bad argument #1 to 'late' (table expected, got number)", 1, true), e)
            end)
            """, to: "acme-delivery/spec/weeks_spec.lua")
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws").status, 0)
        let r = try pmo("lib", "test", "acme-delivery", in: "ws")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("4 passed, 0 failed, 0 errors"), r.stdout)
    }

    func testABadManifestIsADataErrorWithItsLine() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        let manifest = String(decoding: try read("acme-delivery/pmo-lib.lua"), as: UTF8.self)
        try write(manifest.replacingOccurrences(of: "\"0.1.0\"", with: "\"one\""), to: "acme-delivery/pmo-lib.lua")
        let r = try pmo("lib", "test", in: "acme-delivery")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("pmo-lib.lua:4: field 'version'"), r.stderr)
    }

    func testTheStdlibIsALibraryWhoseSpecsPassUnderLibTest() throws {
        let r = try PMOProcess.run(["lib", "test", "stdlib", "--format", "tap"], in: PMOProcess.root.path)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertFalse(r.stdout.contains("not ok"), r.stdout)
    }

    func testTheStdlibsDocsListTheStandardKPIsWithTheirSources() throws {
        let r = try PMOProcess.run(["lib", "doc", "stdlib"], in: PMOProcess.root.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("### `pmo.evm.cpi`: Cost performance index"), r.stdout)
        XCTAssertTrue(r.stdout.contains("| formula | CPI = EV / AC |"), r.stdout)
    }
}
