import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// Import is an update (docs/importers.md): rows matched by key are updated, and each write
/// is recorded as a revision (docs/history.md).
final class RefreshTests: XCTestCase {
    func bundle(_ files: [String: String], in folder: String) throws -> String {
        let path = folder + "/bundle-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try write(text, to: name, in: path) }
        return path
    }

    func value(_ store: PortfolioStore, _ sql: String) throws -> String? {
        try store.reader.read { db in try String.fetchOne(db, sql: sql) }
    }

    func testCSVRowWhoseIdIsInTheStoreUpdatesIt() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let summary = try CSVBundleImporter().importBundle(at: bundle(["projects.csv": "id,name,phase\nPRJ-001,Again,planning\n"], in: folder), into: store)
        XCTAssertEqual(summary.description, "changed 1 project")
        XCTAssertEqual(try value(store, "SELECT name || ' ' || phase || ' ' || portfolio_id FROM projects"), "Again planning DIGITAL")
    }

    func testJSONRowWhoseIdIsInTheStoreUpdatesIt() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write(#"{"portfolios": [{"id": "DIGITAL", "name": "Again"}]}"#, to: "in.json", in: folder)
        XCTAssertEqual(try JSONImporter().importDocument(at: path, into: store).description, "changed 1 portfolio")
        XCTAssertEqual(try value(store, "SELECT name FROM portfolios"), "Again")
    }

    func testColumnTheFileDoesNotHaveIsKept() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        _ = try CSVBundleImporter().importBundle(at: bundle(["projects.csv": "id,name,phase\nPRJ-001,Billing,closing\n"], in: folder), into: store)
        XCTAssertEqual(try value(store, "SELECT bac || ' ' || phase FROM projects"), "1000.0 closing")
    }

    func testRowTheFileNoLongerHasIsRemovedWithItsChildren() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try store.write { tx in try tx.insert(Risk(id: "PRJ-001/R1", projectId: "PRJ-001", title: "Late")) }
        let summary = try CSVBundleImporter().importBundle(at: bundle(["projects.csv": "id,name,phase\nPRJ-002,Other,planning\n"], in: folder), into: store)
        XCTAssertEqual(summary.description, "added 1 project; removed 1 project, 1 risk")
        XCTAssertEqual(try value(store, "SELECT json_extract(before, '$.title') FROM row_history WHERE table_name = 'risks'"), "Late")
    }

    func testReferenceToARowTheSameImportRemovesIsRefused() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try bundle(["projects.csv": "id,name,phase\nPRJ-002,Other,planning\n",
                               "risks.csv": "id,project_id,title\nR1,PRJ-002,Fine\nR2,PRJ-001,Gone\n"], in: folder)
        try assertDataError(store, containing: ["risks.csv:3", "field 'project_id'", "value 'PRJ-001'", "no row of projects"]) {
            _ = try CSVBundleImporter().importBundle(at: path, into: store)
        }
    }

    func testCustomFieldsTheFileCarriesAreSetAndClearedAndOthersKept() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let importer = CSVBundleImporter()
        _ = try importer.importBundle(at: bundle(["projects.csv": "id,name,phase,Colour,Size\nPRJ-001,Billing,execution,red,L\n"], in: folder), into: store)
        _ = try importer.importBundle(at: bundle(["projects.csv": "id,name,phase,Colour\nPRJ-001,Billing,execution,\n"], in: folder), into: store)
        XCTAssertEqual(try value(store, "SELECT group_concat(name || '=' || value) FROM custom_fields"), "Size=L")
    }

    func testIdenticalImportWritesNoRevision() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try bundle(["projects.csv": "id,name,phase,portfolio_id,bac\nPRJ-001,Billing,execution,DIGITAL,1000\n"], in: folder)
        XCTAssertEqual(try CSVBundleImporter().importBundle(at: path, into: store).description, "no change")
        XCTAssertEqual(try value(store, "SELECT count(*) FROM revisions"), "0")
    }

    func testScriptTransactionThatAddsAndRemovesARowNetsNothing() throws {
        let store = try PortfolioStore.demo(projects: 2)
        try store.apply([
            RowChange(.insert, table: "risks", fields: [("id", .text("X")), ("project_id", .text("PRJ-001")), ("title", .text("t"))]),
            RowChange(.delete, table: "risks", key: [("id", .text("X"))]),
        ])
        XCTAssertEqual(try value(store, "SELECT count(*) FROM revisions"), "0")
    }

    func testScriptTransactionRecordsTheRowBefore() throws {
        let store = try PortfolioStore.demo(projects: 2)
        try store.apply([RowChange(.update, table: "projects", key: [("id", .text("PRJ-001"))], fields: [("phase", .text("closing"))])],
                        source: "test")
        XCTAssertEqual(try value(store, "SELECT kind || ' ' || source || ' ' || changed FROM revisions"), "transaction test 1")
        XCTAssertEqual(try value(store, "SELECT row_key || ' ' || project_id || ' ' || json_extract(before, '$.phase') FROM row_history"),
                       "[\"PRJ-001\"] PRJ-001 execution")
    }

    func testScriptCannotWriteTheHistory() throws {
        let store = try PortfolioStore.demo(projects: 2)
        XCTAssertThrowsError(try store.apply([RowChange(.delete, table: "revisions", key: [("id", .integer(1))])])) { error in
            XCTAssertTrue("\(error)".contains("no table 'revisions'"), "\(error)")
        }
    }
}
