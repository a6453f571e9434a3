import GRDB
import Foundation
import PMOModel
@testable import PMOStore
import XCTest

/// Every bad input is refused with a message naming file, place, field and value, and the
/// store keeps exactly what it had.
final class BadCSVInputTests: XCTestCase {
    func importing(_ text: String, as name: String, expect fragments: [String]) throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let bundle = folder + "/bundle"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        try write(text, to: name, in: bundle)
        try assertDataError(store, containing: [name] + fragments) {
            _ = try CSVBundleImporter().importBundle(at: bundle, into: store)
        }
    }

    func testTruncatedQuotedField() throws {
        try importing("id,name,phase\nP2,\"Unfinished,planning\n", as: "projects.csv",
                      expect: [":2", "never ends"])
    }

    func testTruncatedLine() throws {
        try importing("id,name,phase,bac\nP2,Two,planning,100\nP3,Three\n", as: "projects.csv",
                      expect: [":3", "has 2 fields but the header has 4"])
    }

    func testWrongType() throws {
        try importing("id,name,phase,bac\nP2,Two,planning,12,5\n", as: "projects.csv", expect: [":2", "has 5 fields"])
        try importing("id,name,phase,bac\nP2,Two,planning,lots\n", as: "projects.csv",
                      expect: [":2", "field 'bac'", "value 'lots'", "not a number"])
    }

    // The same bounds as a script's writes (StoreSchema.bounds): the CSV fast path too.
    func testNegativeBACIsRefusedAsAScriptsWriteIs() throws {
        try importing("id,name,phase,bac\nP2,Two,planning,-5\n", as: "projects.csv",
                      expect: [":2", "field 'bac'", "value '-5'", "below 0 (a finite number >= 0 expected)"])
    }

    func testProbabilityAboveOneIsRefused() throws {
        try importing("id,project_id,title,probability\nR1,PRJ-001,Late supplier,1.5\n", as: "risks.csv",
                      expect: [":2", "field 'probability'", "value '1.5'", "above 1"])
    }

    func testValueOutsideAnEnumeration() throws {
        try importing("id,name,phase\nP2,Two,doing\n", as: "projects.csv",
                      expect: [":2", "field 'phase'", "value 'doing'", "not one of: initiation"])
    }

    func testDuplicateIdInTheFile() throws {
        try importing("id,name,phase\nP2,Two,planning\nP2,Again,planning\n", as: "projects.csv",
                      expect: [":3", "field 'id'", "value 'P2'", "duplicate"])
    }

    func testDanglingReference() throws {
        try importing("id,project_id,report_date,overall\nS1,PRJ-999,2026-01-31,green\n", as: "status_reports.csv",
                      expect: [":2", "field 'project_id'", "value 'PRJ-999'", "no row of projects has this id"])
    }

    func testBadDate() throws {
        try importing("id,project_id,report_date,overall\nS1,PRJ-001,2026-02-30,green\n", as: "status_reports.csv",
                      expect: [":2", "field 'report_date'", "value '2026-02-30'", "not a date"])
    }

    func testEmptyFile() throws {
        try importing("", as: "projects.csv", expect: [":1", "empty file"])
    }

    func testBinaryGarbage() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0x10, 0x0A]).write(to: URL(fileURLWithPath: folder + "/b/projects.csv"))
        try assertDataError(store, containing: ["projects.csv", "binary data"]) {
            _ = try CSVBundleImporter().importBundle(at: folder + "/b", into: store)
        }
    }

    func testInvalidUTF8() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try Data("id,name\nX,caf".utf8 + [0xE9] + Data("\n".utf8)).write(to: URL(fileURLWithPath: folder + "/b/portfolios.csv"))
        try assertDataError(store, containing: ["portfolios.csv:2", "field 'name'", "not UTF-8"]) {
            _ = try CSVBundleImporter().importBundle(at: folder + "/b", into: store)
        }
    }

    func testMissingRequiredColumn() throws {
        try importing("id,phase\nP2,planning\n", as: "projects.csv", expect: [":1", "field 'name'", "required column is missing"])
    }

    func testMissingRequiredValue() throws {
        try importing("id,name,phase\nP2,,planning\n", as: "projects.csv", expect: [":2", "field 'name'", "a value is required"])
    }

    func testUnknownFile() throws {
        try importing("id\n1\n", as: "projekts.csv", expect: ["no table named 'projekts'"])
    }

    func testErrorInALaterFileUndoesEarlierFiles() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try write("id,name\nNEW,New portfolio\n", to: "portfolios.csv", in: folder + "/b")
        try write("id,project_id,report_date,overall\nS1,PRJ-001,yesterday,green\n", to: "status_reports.csv", in: folder + "/b")
        try assertDataError(store, containing: ["status_reports.csv:2", "value 'yesterday'"]) {
            _ = try CSVBundleImporter().importBundle(at: folder + "/b", into: store)
        }
        XCTAssertNil(try store.record(Portfolio.self, id: "NEW"))
    }

    func testBreakingACheckRuleNamesTheField() throws {
        try importing("id,project_id,title,probability\nR1,PRJ-001,Late supplier,1.5\n", as: "risks.csv",
                      expect: [":2", "field 'probability'", "value '1.5'"])
    }
}

final class BadJSONInputTests: XCTestCase {
    func importing(_ text: String, expect fragments: [String]) throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write(text, to: "in.json", in: folder)
        try assertDataError(store, containing: ["in.json"] + fragments) {
            _ = try JSONImporter().importDocument(at: path, into: store)
        }
    }

    func testTruncatedDocument() throws {
        try importing(#"{"projects": [{"id": "P2", "name": "#, expect: ["not valid JSON"])
    }

    func testWrongType() throws {
        try importing(#"{"projects": [{"id": "P2", "name": "Two", "phase": "planning", "bac": "lots"}]}"#,
                      expect: ["$.projects[0]", "field 'bac'", "value 'lots'", "not a number"])
    }

    func testNumberWhereTextBelongs() throws {
        try importing(#"{"projects": [{"id": 7, "name": "Two", "phase": "planning"}]}"#,
                      expect: ["$.projects[0]", "field 'id'", "expected a JSON string"])
    }

    func testWholeNumberBeyondTheIntegerRangeIsRefused() throws {
        // Was stored as -9223372036854775808 (found while fuzzing the importers).
        try importing(#"{"projects": [{"id": "P2", "name": "Two", "phase": "planning", "priority": 1e300}]}"#,
                      expect: ["$.projects[0]", "field 'priority'", "out of range"])
    }

    func testLargestIntegerIsKeptExactly() throws {
        let folder = try temporaryFolder(self)
        let store = try seededStore(in: folder)
        let path = try write(#"{"projects": [{"id": "P2", "name": "Two", "portfolio_id": "DIGITAL", "phase": "planning", "priority": 9223372036854775807}]}"#,
                             to: "max.json", in: folder)
        _ = try JSONImporter().importDocument(at: path, into: store)
        XCTAssertEqual(try store.database.read { db in try Int64.fetchOne(db, sql: "SELECT priority FROM projects WHERE id = 'P2'") },
                       Int64.max)
    }

    func testDanglingReference() throws {
        try importing(#"{"risks": [{"id": "R", "project_id": "NOPE", "title": "t"}]}"#,
                      expect: ["$.risks[0]", "field 'project_id'", "value 'NOPE'"])
    }

    func testUnknownTable() throws {
        try importing(#"{"projcts": []}"#, expect: ["$.projcts", "no table named"])
    }

    func testEmptyFile() throws {
        try importing("", expect: ["empty file"])
    }

    func testBinaryGarbage() throws {
        try importing("\u{1}\u{2}PK\u{3}\u{4}garbage", expect: ["not valid JSON"])
    }

    func testDuplicateIdWithinTheDocument() throws {
        try importing(#"{"portfolios": [{"id": "P9", "name": "One"}, {"id": "P9", "name": "Again"}]}"#,
                      expect: ["$.portfolios[1]", "value 'P9'", "duplicate"])
    }
}
