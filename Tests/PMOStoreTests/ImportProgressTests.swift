import Foundation
import PMOModel
import PMOStore
import XCTest

/// The progress a CSV bundle import reports, which `pmo import` draws as a bar.
final class ImportProgressTests: XCTestCase {
    func reports(projects: Int) throws -> [ImportProgress] {
        let folder = try temporaryFolder(self)
        try CSVBundleExporter().export(try PortfolioStore.demo(projects: projects, seed: 1), to: folder)
        var seen: [ImportProgress] = []
        _ = try CSVBundleImporter { seen.append($0) }.importBundle(at: folder, into: try PortfolioStore())
        return seen
    }

    func testBundleProgressNeverGoesBackAndEndsAtTheTotal() throws {
        let seen = try reports(projects: 200)
        XCTAssertGreaterThan(seen.count, 27, "one report per file at least, more within large files")
        XCTAssertEqual(seen.map(\.done), seen.map(\.done).sorted())
        XCTAssertEqual(seen.last?.done, seen.last?.total)
        XCTAssertEqual(seen.last?.fraction, 1)
    }

    func testBundleProgressReportsWithinALargeFile() throws {
        let seen = try reports(projects: 200)
        let inTimephased = seen.filter { $0.file.hasSuffix("timephased.csv") }
        XCTAssertGreaterThan(inTimephased.count, 1, "a file of many records reports before it ends")
    }

    func testJSONProgressCountsRowsUpToTheTotal() throws {
        let folder = try temporaryFolder(self)
        let source = try PortfolioStore.demo(projects: 200, seed: 1)
        try JSONExporter().export(source, to: folder + "/pmo.json")
        var seen: [ImportProgress] = []
        let summary = try JSONImporter { seen.append($0) }.importDocument(at: folder + "/pmo.json", into: try PortfolioStore())
        XCTAssertEqual(seen.map(\.done), seen.map(\.done).sorted())
        XCTAssertEqual(seen.last?.done, seen.last?.total)
        XCTAssertEqual(seen.last?.total, summary.totalRows - (summary.added.first { $0.table == "custom_fields" }?.rows ?? 0))
    }
}
