import Foundation
import GRDB
import PMOModel
@testable import PMOStore
import XCTest

/// A fresh temporary folder per test, removed afterwards.
func temporaryFolder(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "pmo-store-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// `../shared/data` next to the repository, or a skip when a fresh clone does not have it.
func sharedData(_ sub: String, file: StaticString = #filePath) throws -> String {
    let root = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = root.deletingLastPathComponent().appendingPathComponent("shared/data/\(sub)").path
    guard FileManager.default.fileExists(atPath: path) else {
        throw XCTSkip("\(path) is absent (third-party test data lives in ../shared/data, outside the repository)")
    }
    return path
}

/// A small in-memory store with the demo data.
func demoStore(projects: Int = 12) throws -> PortfolioStore {
    try PortfolioStore.demo(projects: projects, seed: 1)
}

/// Writes `text` to `folder/name` and returns the path.
@discardableResult
func write(_ text: String, to name: String, in folder: String) throws -> String {
    let path = (folder as NSString).appendingPathComponent(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// A store holding one portfolio and one project, for bad-input tests to leave untouched.
func seededStore(in folder: String) throws -> PortfolioStore {
    let store = try PortfolioStore(path: (folder as NSString).appendingPathComponent("pmo.sqlite"))
    try store.write { tx in
        try tx.insert(Portfolio(id: "DIGITAL", name: "Digital"))
        try tx.insert(Project(id: "PRJ-001", name: "Billing", portfolioId: "DIGITAL", phase: .execution, bac: 1000))
    }
    return store
}

extension XCTestCase {
    /// Asserts that `body` throws a DataError whose message contains every fragment, and that
    /// the store's row counts did not change.
    func assertDataError(_ store: PortfolioStore, containing fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> Void) throws {
        let before = try store.counts()
        do {
            try body()
            XCTFail("expected a data error", file: file, line: line)
        } catch let error as DataError {
            for fragment in fragments {
                XCTAssertTrue(error.description.contains(fragment), "'\(error)' lacks '\(fragment)'", file: file, line: line)
            }
        }
        XCTAssertEqual(try store.counts(), before, "the store changed", file: file, line: line)
    }
}

/// The tests' own reads of the store: small SQL of their own on the store's connection,
/// independent of the queries production runs (the typed read API these replace was
/// removed in issue 23: production reads through `scriptRead`).
extension PortfolioStore {
    /// Every record of a kind, in key order.
    func records<R: StoredRecord>(_ type: R.Type) throws -> [R] {
        try reader.read { db in try R.fetchAll(db, sql: "SELECT * FROM \(R.databaseTableName) ORDER BY 1") }
    }

    /// The record of a kind with this id.
    func record<R: StoredRecord>(_ type: R.Type, id: String) throws -> R? {
        try reader.read { db in try R.fetchOne(db, key: ["id": id]) }
    }

    /// The custom fields of one entity, by name.
    func customFields(entity: String, id: String) throws -> [String: String] {
        try reader.read { db in
            var result: [String: String] = [:]
            for field in try CustomField.fetchAll(db, sql: "SELECT * FROM custom_fields WHERE entity = ? AND entity_id = ?", arguments: [entity, id]) {
                result[field.name] = field.value
            }
            return result
        }
    }

    /// The status reports of a project, oldest first.
    func statusReports(projectId: String) throws -> [StatusReport] {
        try reader.read { db in
            try StatusReport.fetchAll(db, sql: "SELECT * FROM status_reports WHERE project_id = ? ORDER BY report_date", arguments: [projectId])
        }
    }

    /// A project's own time-phased values (not its tasks'), in period order.
    func timephased(projectId: String) throws -> [TimephasedValue] {
        try reader.read { db in
            try TimephasedValue.fetchAll(db, sql: """
                SELECT project_id, task_id, period_end, pv, ev, ac FROM timephased
                WHERE project_id = ? AND task_id IS NULL ORDER BY period_end
                """, arguments: [projectId])
        }
    }

    /// The rows of one statement run through `scriptRead` (the read entry point of `pmo.sql`,
    /// with its allow-list), its values as SQLite typed them.
    func query(_ sql: String, _ arguments: [SQLValue] = []) throws -> QueryResult {
        try scriptRead { db in
            let statement = try db.makeStatement(sql: sql)
            let expected = ScriptSQL.parameterCount(statement)
            guard arguments.count == expected else {
                throw ScriptSQLRefusal(reason: ScriptSQL.countMismatch(expected: expected, given: arguments.count))
            }
            try statement.setArguments(StatementArguments(arguments.map(\.databaseValue)))
            let rows = try Row.fetchAll(statement).map { row in
                Array(row.databaseValues).map { value -> SQLValue in
                    switch value.storage {
                    case .null: .null
                    case .int64(let i): .integer(i)
                    case .double(let d): .real(d)
                    case .string(let s): .text(s)
                    case .blob(let data): .blob([UInt8](data))
                    }
                }
            }
            return QueryResult(columns: statement.columnNames, rows: rows)
        }
    }
}

/// What `query` returns: column names and rows of values.
struct QueryResult: Equatable {
    var columns: [String]
    var rows: [[SQLValue]]
}
