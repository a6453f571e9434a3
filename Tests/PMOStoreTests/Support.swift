import Foundation
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
