import Foundation
import PMOModel
@testable import PMOStore
import XCTest

final class RoundTripTests: XCTestCase {
    func files(in folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return result
    }

    func testCSVBundleExportThenImportGivesTheSameStore() throws {
        let folder = try temporaryFolder(self)
        let original = try demoStore()
        try CSVBundleExporter().export(original, to: folder + "/a")
        let copy = try PortfolioStore()
        _ = try CSVBundleImporter().importBundle(at: folder + "/a", into: copy)
        try CSVBundleExporter().export(copy, to: folder + "/b")
        XCTAssertEqual(try files(in: folder + "/a"), try files(in: folder + "/b"))
        XCTAssertEqual(try copy.counts(), try original.counts())
        XCTAssertEqual(try copy.records(Project.self), try original.records(Project.self))
        XCTAssertEqual(try copy.records(TimephasedValue.self), try original.records(TimephasedValue.self))
    }

    func testJSONExportThenImportGivesTheSameStore() throws {
        let folder = try temporaryFolder(self)
        let original = try demoStore()
        try JSONExporter().export(original, to: folder + "/a.json")
        let copy = try PortfolioStore()
        _ = try JSONImporter().importDocument(at: folder + "/a.json", into: copy)
        XCTAssertEqual(try JSONExporter().document(copy), try JSONExporter().document(original))
        XCTAssertEqual(try copy.counts(), try original.counts())
        XCTAssertEqual(try copy.records(StatusReport.self), try original.records(StatusReport.self))
    }

    func testCustomFieldsExportAsExtraColumns() throws {
        let folder = try temporaryFolder(self)
        try CSVBundleExporter().export(try demoStore(), to: folder)
        let header = try String(contentsOfFile: folder + "/projects.csv", encoding: .utf8).split(separator: "\n")[0]
        XCTAssertTrue(header.hasSuffix(",cost_centre"))
    }

    func testUnknownCSVColumnsAreKeptAsCustomFields() throws {
        let folder = try temporaryFolder(self)
        try write("id,name,phase,region\nPRJ-9,Nine,planning,EMEA\n", to: "projects.csv", in: folder)
        let store = try PortfolioStore()
        let summary = try CSVBundleImporter().importBundle(at: folder, into: store)
        XCTAssertEqual(try store.customFields(entity: "projects", id: "PRJ-9"), ["region": "EMEA"])
        XCTAssertEqual(summary.description, "added 1 project, 1 custom_field")
    }

    func testUnknownJSONKeysAreKeptAsCustomFields() throws {
        let folder = try temporaryFolder(self)
        let path = try write(#"{"projects": [{"id": "P", "name": "P", "phase": "closed", "region": "APAC"}]}"#, to: "a.json", in: folder)
        let store = try PortfolioStore()
        _ = try JSONImporter().importDocument(at: path, into: store)
        XCTAssertEqual(try store.customFields(entity: "projects", id: "P"), ["region": "APAC"])
    }

    func testCSVReadsQuotedCommasLineBreaksAndDoubledQuotes() throws {
        let folder = try temporaryFolder(self)
        try write("id,name,phase,description\r\nP1,\"Billing, phase 2\",planning,\"Says \"\"hi\"\"\r\nand more\"\r\n",
                  to: "projects.csv", in: folder)
        let store = try PortfolioStore()
        _ = try CSVBundleImporter().importBundle(at: folder, into: store)
        let p = try store.record(Project.self, id: "P1")!
        XCTAssertEqual(p.name, "Billing, phase 2")
        XCTAssertEqual(p.description, "Says \"hi\"\r\nand more")
    }

    func testCSVAcceptsAByteOrderMark() throws {
        let folder = try temporaryFolder(self)
        try write("\u{FEFF}id,name\nDIGITAL,Digital\n", to: "portfolios.csv", in: folder)
        let store = try PortfolioStore()
        _ = try CSVBundleImporter().importBundle(at: folder, into: store)
        XCTAssertEqual(try store.records(Portfolio.self).map(\.id), ["DIGITAL"])
    }

    func testCSVColumnsMayComeInAnyOrder() throws {
        let folder = try temporaryFolder(self)
        try write("phase,bac,name,id\nexecution,2500.5,Nine,P9\n", to: "projects.csv", in: folder)
        let store = try PortfolioStore()
        _ = try CSVBundleImporter().importBundle(at: folder, into: store)
        XCTAssertEqual(try store.record(Project.self, id: "P9")?.bac, 2500.5)
    }

    func testFilesAreImportedParentsFirstWhateverTheirNames() throws {
        let folder = try temporaryFolder(self)
        try write("id,project_id,report_date,overall\nS1,P1,2026-01-31,amber\n", to: "status_reports.csv", in: folder)
        try write("id,name,phase,portfolio_id\nP1,One,execution,D\n", to: "projects.csv", in: folder)
        try write("id,name\nD,Digital\n", to: "portfolios.csv", in: folder)
        let store = try PortfolioStore()
        let summary = try CSVBundleImporter().importBundle(at: folder, into: store)
        XCTAssertEqual(summary.totalRows, 3)
    }
}

final class CSVHeaderTests: XCTestCase {
    func testHeadersMatchColumnsWhateverTheirCaseAndSpacing() throws {
        let folder = try temporaryFolder(self)
        try write("ID,Name,Phase,Baseline Finish,Cost Centre\nP1,One,planning,2026-12-31,CC-1\n", to: "projects.csv", in: folder)
        let store = try PortfolioStore()
        _ = try CSVBundleImporter().importBundle(at: folder, into: store)
        XCTAssertEqual(try store.record(Project.self, id: "P1")?.baselineFinish, Day("2026-12-31"))
        XCTAssertEqual(try store.customFields(entity: "projects", id: "P1"), ["Cost Centre": "CC-1"])
    }

    func testTheSameColumnTwiceIsRefused() throws {
        let folder = try temporaryFolder(self)
        try write("id,name,phase,Name\nP1,One,planning,Uno\n", to: "projects.csv", in: folder)
        XCTAssertThrowsError(try CSVBundleImporter().importBundle(at: folder, into: try PortfolioStore())) { error in
            XCTAssertTrue("\(error)".contains("projects.csv:1: field 'Name': this column appears twice"), "\(error)")
        }
    }
}

final class EmptyTextRoundTripTests: XCTestCase {
    func storeWithEmptyText() throws -> PortfolioStore {
        let store = try PortfolioStore()
        try store.write { tx in try tx.insert(Project(id: "P", name: "P", description: "", manager: nil, phase: .planning)) }
        return store
    }

    func testCSVKeepsEmptyTextApartFromNoValue() throws {
        let folder = try temporaryFolder(self)
        try CSVBundleExporter().export(try storeWithEmptyText(), to: folder)
        XCTAssertTrue(try String(contentsOfFile: folder + "/projects.csv", encoding: .utf8).contains("P,P,\"\",,"))
        let copy = try PortfolioStore()
        _ = try CSVBundleImporter().importBundle(at: folder, into: copy)
        let p = try XCTUnwrap(try copy.record(Project.self, id: "P"))
        XCTAssertEqual(p.description, "")
        XCTAssertNil(p.manager)
    }

    func testJSONKeepsEmptyTextApartFromNoValue() throws {
        let folder = try temporaryFolder(self)
        try JSONExporter().export(try storeWithEmptyText(), to: folder + "/a.json")
        let copy = try PortfolioStore()
        _ = try JSONImporter().importDocument(at: folder + "/a.json", into: copy)
        let p = try XCTUnwrap(try copy.record(Project.self, id: "P"))
        XCTAssertEqual(p.description, "")
        XCTAssertNil(p.manager)
    }

    func testAQuotedEmptyNumberIsNoValue() throws {
        let folder = try temporaryFolder(self)
        try write("id,name,phase,bac\nP,P,planning,\"\"\n", to: "projects.csv", in: folder)
        let store = try PortfolioStore()
        _ = try CSVBundleImporter().importBundle(at: folder, into: store)
        XCTAssertNil(try store.record(Project.self, id: "P")?.bac)
    }
}
