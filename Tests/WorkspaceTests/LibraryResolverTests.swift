import RuleLibraries
import Workbench
import XCTest

/// Depends and namespaces checked at install.
final class LibraryResolverTests: XCTestCase {
    func manifest(_ name: String, _ version: String, roots: [String], depends: [String] = []) throws -> LibraryManifest {
        let text = "return { name = \"\(name)\", version = \"\(version)\", roots = { \(roots.map { "\"\($0)\"" }.joined(separator: ", ")) }, depends = { \(depends.map { "\"\($0)\"" }.joined(separator: ", ")) } }"
        return try LibraryManifest.parse(source: Array(text.utf8), file: "pmo-lib.lua")
    }

    func error(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    func testASatisfiedDependencyIsAccepted() throws {
        let core = try manifest("acme-core", "1.4.0", roots: ["acme.core"])
        XCTAssertNoThrow(try LibraryResolver(installed: [core]).check(try manifest("acme-delivery", "1.0.0", roots: ["acme.delivery"], depends: ["acme-core ~> 1.2"])))
    }

    func testAMissingDependencyIsExplained() throws {
        let text = error { try LibraryResolver(installed: []).check(try self.manifest("acme-delivery", "1.0.0", roots: ["acme.delivery"], depends: ["acme-core ~> 1.2"])) }
        XCTAssertTrue(text.contains("it needs acme-core ~> 1.2, which is not installed"), text)
    }

    func testAnInstalledVersionOutsideTheConstraintIsAConflict() throws {
        let core = try manifest("acme-core", "2.0.0", roots: ["acme.core"])
        let text = error { try LibraryResolver(installed: [core]).check(try self.manifest("acme-delivery", "1.0.0", roots: ["acme.delivery"], depends: ["acme-core ~> 1.2"])) }
        XCTAssertTrue(text.contains("but acme-core 2.0.0 is installed"), text)
    }

    func testANewVersionThatBreaksAnInstalledDependentIsRefused() throws {
        let delivery = try manifest("acme-delivery", "1.0.0", roots: ["acme.delivery"], depends: ["acme-core ~> 1.2"])
        let core = try manifest("acme-core", "1.3.0", roots: ["acme.core"])
        let text = error { try LibraryResolver(installed: [core, delivery]).check(try self.manifest("acme-core", "2.0.0", roots: ["acme.core"])) }
        XCTAssertTrue(text.contains("the installed acme-delivery 1.0.0 needs acme-core ~> 1.2"), text)
    }

    func testATooOldPmoIsExplained() throws {
        let text = error { try LibraryResolver(installed: []).check(try self.manifest("acme", "1.0.0", roots: ["acme"], depends: ["pmo >= 9.0"])) }
        XCTAssertTrue(text.contains("it needs pmo >= 9.0, and this is pmo 1.0.0"), text)
    }

    func testARootInsideAnotherLibrarysRootIsRefused() throws {
        let acme = try manifest("acme", "1.0.0", roots: ["acme"])
        let text = error { try LibraryResolver(installed: [acme]).check(try self.manifest("acme-delivery", "1.0.0", roots: ["acme.delivery"])) }
        XCTAssertTrue(text.contains("its root 'acme.delivery' overlaps 'acme', owned by acme 1.0.0"), text)
    }
}
