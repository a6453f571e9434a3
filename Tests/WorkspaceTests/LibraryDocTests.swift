import Foundation
@testable import RuleLibraries
@testable import Workbench
import XCTest

/// `pmo lib doc`: documentation from KPI metadata and doc comments.
final class LibraryDocTests: XCTestCase {
    func doc() throws -> LibraryDoc {
        try LibraryDoc.gather(try LibraryFolder.open(try makeLibrary("acme-delivery", in: try temporaryFolder(self))))
    }

    func testAKPIsThresholdsFormulaAndSourceAreDocumented() throws {
        let md = LibraryDocFormat.markdown(try doc())
        XCTAssertTrue(md.contains("### `acme.delivery.schedule_ratio`: Schedule ratio (EV / PV)"), md)
        XCTAssertTrue(md.contains("| thresholds | green >= 0.95, amber >= 0.85 (higher is better) |"), md)
        XCTAssertTrue(md.contains("| formula | EV / PV |"), md)
        XCTAssertTrue(md.contains("| source | PMI, Practice Standard for Earned Value Management (2nd ed., 2011) |"), md)
    }

    func testOnlyTheLibrarysOwnDefinitionsAreListed() throws {
        XCTAssertEqual(try doc().definitions.map(\.id), ["acme.delivery.schedule_ratio"])
    }

    func testAFunctionsDocCommentIsReadWithItsSignature() {
        let module = DocComments.module("probe.m", source: """
            --- The module.
            local M = {}

            --- Adds.
            -- Two lines.
            function M.add(a, b) return a + b end

            -- not a doc comment
            function M.sub(a, b) return a - b end
            return M
            """)
        XCTAssertEqual(module.summary, "The module.")
        XCTAssertEqual(module.functions, [LibraryDoc.Function(signature: "M.add(a, b)", text: "Adds.\nTwo lines.")])
    }

    func testHTMLEscapesText() throws {
        let html = LibraryDocFormat.html(try doc())
        XCTAssertTrue(html.contains("Your Name &lt;you@example.org&gt;"), html)
        XCTAssertFalse(html.contains("<you@example.org>"))
    }
}
