import RuleLibraries
import Workbench
import XCTest

/// Semantic versions and the constraints of `depends`.
final class SemanticVersionTests: XCTestCase {
    func v(_ s: String) -> SemanticVersion { SemanticVersion(s)! }

    func testMinorVersionsCompareAsNumbers() {
        XCTAssertLessThan(v("1.2.0"), v("1.10.0"))
    }

    func testAPrereleaseSortsBeforeItsRelease() {
        XCTAssertLessThan(v("1.0.0-rc.1"), v("1.0.0"))
        XCTAssertLessThan(v("1.0.0-rc.2"), v("1.0.0-rc.10"))
    }

    func testIncompleteOrLeadingZeroVersionsAreRefused() {
        XCTAssertNil(SemanticVersion("1.2"))
        XCTAssertNil(SemanticVersion("01.2.3"))
        XCTAssertNil(SemanticVersion("1.2.x"))
    }

    func testPessimisticMinorAllowsUpToTheNextMajor() throws {
        let c = try VersionConstraint.parse("~> 1.2")
        XCTAssertTrue(c.isSatisfied(by: v("1.2.0")))
        XCTAssertTrue(c.isSatisfied(by: v("1.9.3")))
        XCTAssertFalse(c.isSatisfied(by: v("2.0.0")))
        XCTAssertFalse(c.isSatisfied(by: v("1.1.9")))
    }

    func testPessimisticPatchAllowsUpToTheNextMinor() throws {
        let c = try VersionConstraint.parse("~> 1.2.3")
        XCTAssertTrue(c.isSatisfied(by: v("1.2.9")))
        XCTAssertFalse(c.isSatisfied(by: v("1.3.0")))
    }

    func testComparisonOperators() throws {
        XCTAssertTrue(try VersionConstraint.parse(">= 1.0").isSatisfied(by: v("1.0.0")))
        XCTAssertFalse(try VersionConstraint.parse("> 1.0").isSatisfied(by: v("1.0.0")))
        XCTAssertTrue(try VersionConstraint.parse("< 2").isSatisfied(by: v("1.99.0")))
        XCTAssertTrue(try VersionConstraint.parse("<= 2.0.0").isSatisfied(by: v("2.0.0")))
        XCTAssertFalse(try VersionConstraint.parse("= 1.2.3").isSatisfied(by: v("1.2.4")))
    }

    func testADependencyNamesALibraryAndAConstraint() throws {
        let d = try Dependency.parse("acme-core ~> 1.2")
        XCTAssertEqual(d.name, "acme-core")
        XCTAssertEqual(d.constraint?.description, "~> 1.2")
    }

    func testAnUnknownOperatorIsRefusedWithTheAllowedOnes() {
        XCTAssertThrowsError(try Dependency.parse("acme-core => 1.2")) { error in
            XCTAssertTrue("\(error)".contains(">=, <=, >, <, =, ~>"), "\(error)")
        }
    }
}
