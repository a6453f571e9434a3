import RuleLibraries
import Workbench
import XCTest

/// Reading and validating `pmo-lib.lua`.
final class LibraryManifestTests: XCTestCase {
    func parse(_ text: String) throws -> LibraryManifest {
        try LibraryManifest.parse(source: Array(text.utf8), file: "pmo-lib.lua")
    }

    func message(_ text: String) -> String {
        do { _ = try parse(text); return "no error" } catch { return "\(error)" }
    }

    func testEveryFieldIsRead() throws {
        let m = try parse("""
            return {
              name = "acme-delivery", version = "1.2.0", summary = "Delivery KPIs", licence = "MIT",
              authors = { "Ada" }, homepage = "https://acme.example",
              depends = { "pmo >= 1.0", "acme-core ~> 1.2" }, roots = { "acme.delivery" },
              limits = { memory_mb = 32, seconds = 2 },
            }
            """)
        XCTAssertEqual(m.name, "acme-delivery")
        XCTAssertEqual(m.version, SemanticVersion(1, 2, 0))
        XCTAssertEqual(m.depends.map(\.description), ["pmo >= 1.0", "acme-core ~> 1.2"])
        XCTAssertEqual(m.roots, ["acme.delivery"])
        XCTAssertEqual(m.limits?.memoryBytes, 32 << 20)
        XCTAssertEqual(m.limits?.seconds, 2)
    }

    func testABadVersionNamesTheFileLineAndField() {
        XCTAssertEqual(message("""
            return {
              name = "acme",
              version = "1.2",
              roots = { "acme" },
            }
            """), "pmo-lib.lua:3: field 'version': \"1.2\" is not a semantic version MAJOR.MINOR.PATCH such as \"1.0.0\"")
    }

    func testMissingRootsAreAnError() {
        XCTAssertTrue(message("return { name = \"acme\", version = \"1.0.0\" }").contains("field 'roots': missing"))
    }

    func testARootInPmosNamespaceIsRefused() {
        XCTAssertTrue(message("return { name = \"acme\", version = \"1.0.0\", roots = { \"pmo.evm\" } }").contains("pmo's own namespace"))
    }

    func testOnlyThePmoLibraryMayOwnThePmoRoot() throws {
        XCTAssertEqual(try parse("return { name = \"pmo\", version = \"1.0.0\", roots = { \"pmo\" } }").roots, ["pmo"])
    }

    func testABadDependencyNamesItsItem() {
        let text = message("return { name = \"acme\", version = \"1.0.0\", roots = { \"acme\" }, depends = { \"pmo >= 1\", \"core >> 2\" } }")
        XCTAssertTrue(text.contains("field 'depends': item 2"), text)
    }

    func testAnUnknownFieldIsAnError() {
        XCTAssertTrue(message("return { name = \"acme\", version = \"1.0.0\", roots = { \"acme\" }, dependencies = {} }").contains("field 'dependencies': unknown field"))
    }

    func testAManifestCannotCallFunctions() {
        XCTAssertTrue(message("return { name = os.getenv('USER'), version = \"1.0.0\", roots = { \"acme\" } }").contains("a data file runs with no libraries"))
    }
}
