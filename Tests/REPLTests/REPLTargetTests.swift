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

    /// A host without a date type of its own (PlainREPLHost) takes the days pmo's `Day` takes,
    /// so `:asof` means the same with or without the domain.
    func testTheDefaultAsOfDateTakesExactlyTheDaysDayTakes() {
        let texts = ["2026-03-31", "2024-02-29", "2023-02-29", "2026-02-30", "2026-13-01", "2026-00-10",
                     "2026-04-31", "0000-06-30", "0001-01-01", "9999-12-31", "+202-06-30", "2026-6-30",
                     "2026-06-30 ", "20260630", "2026/06/30", "１２３４-01-01", "", "1900-02-29", "2000-02-29"]
        let host = PlainREPLHost()
        for text in texts {
            XCTAssertEqual(host.asOfDate(text), Day(text)?.description, text)
        }
    }
}
