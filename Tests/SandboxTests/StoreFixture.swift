import Foundation
import LuaKit
import PMOModel
import PMOScripting
@testable import PMOStore
import XCTest

/// A store file with a small demo portfolio, written and closed before the test starts, so
/// that its bytes on disk are final: any later change to them was made by the code under test.
struct StoreFixture {
    let folder: String
    let path: String
    let bytes: Data
    let projectIDs: [String]

    /// Creates the store in a fresh temporary folder that is removed after `test`.
    init(_ test: XCTestCase, projects: Int = 6) throws {
        folder = NSTemporaryDirectory() + "pmo-sandbox-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let folder = folder
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        path = folder + "/pmo.sqlite"
        do {
            // Closed at the end of this scope: the last connection checkpoints the WAL into
            // the main file and removes it.
            let store = try PortfolioStore(path: path)
            try store.write { tx in try tx.insert(DemoPortfolio(projects: projects, seed: 7).generate()) }
        }
        bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        projectIDs = try PortfolioStore(readOnlyPath: path).database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM projects ORDER BY id")
        }
    }

    /// A read-only session on the file, as the worker makes one.
    func session() -> PMOSession {
        PMOSession(readOnly: true) { [path] in try PortfolioStore(readOnlyPath: path) }
    }

    /// Fails unless the main file holds the same bytes as when it was made and no write
    /// is pending in a WAL file either.
    func assertUnchanged(_ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let now = try? Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertTrue(now == bytes, "the store file changed after \(what)", file: file, line: line)
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        XCTAssertEqual(wal, 0, "a write is pending in the WAL after \(what)", file: file, line: line)
    }
}

extension XCTestCase {
    /// Runs `code` in process, in a sandbox reading `store`; returns its results or its error.
    func sandboxed(_ code: String, store: StoreFixture, limits: SandboxLimits = SandboxHarness.tight,
                   file: StaticString = #filePath, line: UInt = #line) -> Result<[LuaData], SandboxError> {
        do {
            let sandbox = try Sandbox(limits: limits, session: store.session())
            return .success(try sandbox.run(source: code, name: "=test"))
        } catch let e as SandboxError {
            return .failure(e)
        } catch {
            XCTFail("not a SandboxError: \(error)", file: file, line: line)
            return .failure(SandboxError(kind: .worker, message: "\(error)"))
        }
    }
}
