import Foundation
import LuaKit
import PMOModel
@testable import REPL
@testable import Workbench
import XCTest

/// The REPL target stands alone: it knows nothing of pmo's domain, which reaches it only
/// through its host (Workbench's PMOREPLHost).
final class REPLTargetTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testTheREPLTargetImportsNoneOfPMOsDomainTargets() throws {
        let folder = root.appendingPathComponent("Sources/REPL")
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }
        XCTAssertFalse(files.isEmpty)
        let domain = ["PMOModel", "PMOStore", "PMOScripting", "PMOWorkspace", "RuleLibraries", "Workbench"]
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.contains(" import ") {
                let module = line.split(separator: " ").last.map(String.init) ?? ""
                XCTAssertFalse(domain.contains(module), "Sources/REPL/\(file): \(line)")
            }
        }
    }

    /// A host without a date type of its own (PlainREPLHost) reads `:asof`'s date as the model
    /// does (`Day`, from the domain-free Days target): a day that exists, written YYYY-MM-DD.
    func testThePlainHostsAsOfTakesDaysThatExistWrittenYYYYMMDD() {
        let host = PlainREPLHost()
        XCTAssertEqual(host.asOfDate("2024-02-29"), "2024-02-29")
        XCTAssertEqual(host.asOfDate("9999-12-31"), "9999-12-31")
        for text in ["2023-02-29", "2026-02-30", "2026-13-01", "0000-06-30", "2026-6-30", "2026-06-30 ", "20260630", ""] {
            XCTAssertNil(host.asOfDate(text), text)
        }
    }
}
