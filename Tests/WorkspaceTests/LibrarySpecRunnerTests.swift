import Foundation
import RuleLibraries
import Workbench
import XCTest

/// `pmo lib test`: the busted-style runner on a library's specs, and its reports.
final class LibrarySpecRunnerTests: XCTestCase {
    func run(_ folder: String) throws -> [SpecResult] {
        try LibrarySpecRunner(library: try LibraryFolder.open(folder)).run()
    }

    func testTheScaffoldPassesAsCreated() throws {
        let results = try run(try makeLibrary("acme-delivery", in: try temporaryFolder(self)))
        XCTAssertEqual(results.map(\.status), [.pass, .pass, .pass])
    }

    func testAFailedAssertionIsAFailureWithItsLine() throws {
        let folder = try makeLibrary("acme-delivery", in: try temporaryFolder(self))
        try write("describe('d', function() it('t', function() assert.equal(1, 2) end) end)", to: "spec/x_spec.lua", in: folder)
        let result = try XCTUnwrap(try run(folder).first { $0.file == "spec/x_spec.lua" })
        XCTAssertEqual(result.status, .fail)
        XCTAssertEqual(result.name, "d t")
        XCTAssertTrue(result.message?.hasSuffix("x_spec.lua:1: expected 1, got 2") ?? false, result.message ?? "")
    }

    func testAnErrorIsReportedAsAnError() throws {
        let folder = try makeLibrary("acme-delivery", in: try temporaryFolder(self))
        try write("it('boom', function() local t = nil; return t.x end)", to: "spec/x_spec.lua", in: folder)
        XCTAssertEqual(try run(folder).first { $0.file == "spec/x_spec.lua" }?.status, .error)
    }

    func testBeforeEachRunsBeforeEveryTest() throws {
        let folder = try makeLibrary("acme-delivery", in: try temporaryFolder(self))
        try write("""
            describe("d", function()
              local n = 0
              before_each(function() n = n + 1 end)
              it("one", function() assert.equal(1, n) end)
              it("two", function() assert.equal(2, n) end)
            end)
            """, to: "spec/x_spec.lua", in: folder)
        XCTAssertEqual(try run(folder).filter { $0.file == "spec/x_spec.lua" }.map(\.status), [.pass, .pass])
    }

    func testAKPIOutsideTheRootsFailsTheLoad() throws {
        let folder = try makeLibrary("acme-delivery", in: try temporaryFolder(self))
        try write("""
            require("pmo.kpi").define { id = "other.kpi", title = "x", unit = "ratio", applies_to = "project",
              thresholds = { green = 1, amber = 0 }, compute = function() return 1 end }
            """, to: "acme/delivery/extra.lua", in: folder)
        let results = try run(folder)
        XCTAssertEqual(results.count, 1)
        XCTAssertTrue(results[0].message?.contains("defines KPI 'other.kpi' outside its roots (acme.delivery)") ?? false, results[0].message ?? "")
    }

    func testAModuleOutsideTheRootsCannotBeRequired() throws {
        let folder = try makeLibrary("acme-delivery", in: try temporaryFolder(self))
        try write("return 1", to: "other/mod.lua", in: folder)
        try write("it('r', function() assert.has_error(function() require('other.mod') end, \"module 'other.mod' not found\") end)", to: "spec/x_spec.lua", in: folder)
        XCTAssertEqual(try run(folder).first { $0.file == "spec/x_spec.lua" }?.status, .pass)
    }

    func testTextPutsAFailuresMessageIndentedUnderItsLine() {
        let text = SpecReport.text([SpecResult(name: "a", file: "s.lua", status: .pass),
                                    SpecResult(name: "b", file: "s.lua", status: .error, message: "s.lua:3: boom\ntraceback"),
                                    SpecResult(name: "c", file: "s.lua", status: .pending)])
        XCTAssertEqual(text, """
            PASS    s.lua: a
            ERROR   s.lua: b
                    s.lua:3: boom
                    traceback
            PENDING s.lua: c
            1 passed, 0 failed, 1 errors, 1 pending

            """)
    }

    func testTAPMarksAFailureNotOk() {
        let tap = SpecReport.tap([SpecResult(name: "a", file: "s.lua", status: .pass),
                                  SpecResult(name: "b", file: "s.lua", status: .fail, message: "s.lua:3: expected 1, got 2")])
        XCTAssertEqual(tap, """
            TAP version 13
            1..2
            ok 1 - s.lua: a
            not ok 2 - s.lua: b
              ---
              severity: fail
              message: |
                s.lua:3: expected 1, got 2
              ...

            """)
    }

    func testJUnitCountsFailuresPerFile() {
        let xml = SpecReport.junit([SpecResult(name: "a", file: "s.lua", status: .error, message: "x < y")], suite: "acme")
        XCTAssertTrue(xml.contains("<testsuite name=\"s.lua\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"), xml)
        XCTAssertTrue(xml.contains("<error message=\"x &lt; y\">x &lt; y</error>"), xml)
    }
}
