import Foundation
@testable import PMOWorkspace
@testable import RuleLibraries
@testable import Workbench
import XCTest

/// Recording installed libraries in pmo.config.lua's text.
final class ConfigLibraryEntriesTests: XCTestCase {
    let entry = WorkspaceConfig.Library(name: "acme-delivery", version: "1.2.0", source: "/src/acme", sha256: "ab", trust: .sandboxed)

    func testTheEntryGoesIntoTheTemplatesListWithTrustFalse() {
        let text = ConfigLibraryEntries.setting(entry, in: WorkspaceTemplate.configText(WorkspaceConfig()))
        XCTAssertTrue(text.contains("    { name = \"acme-delivery\", version = \"1.2.0\", source = \"/src/acme\", sha256 = \"ab\", trust = false },\n"), text)
    }

    func testCommentsOfTheConfigSurvive() {
        let template = WorkspaceTemplate.configText(WorkspaceConfig())
        let text = ConfigLibraryEntries.setting(entry, in: template)
        XCTAssertEqual(ConfigLibraryEntries.removing("acme-delivery", from: text), template)
    }

    func testAConfigWithoutALibrariesListGetsOne() throws {
        let text = ConfigLibraryEntries.setting(entry, in: "return {\n  store = \"x.sqlite\",\n}\n")
        let value = try DataFileEvaluator.evaluate(source: Array(text.utf8), file: "pmo.config.lua")
        let config = try WorkspaceConfig(value, reader: ConfigReader(file: "pmo.config.lua", source: text))
        XCTAssertEqual(config.libraries, [entry])
    }

    func testReinstallingReplacesTheEntry() {
        var newer = entry
        newer.version = "1.3.0"
        let text = ConfigLibraryEntries.setting(newer, in: ConfigLibraryEntries.setting(entry, in: "return {\n  libraries = {},\n}\n"))
        XCTAssertEqual(text.components(separatedBy: "acme-delivery").count, 2, text)
        XCTAssertTrue(text.contains("version = \"1.3.0\""), text)
    }
}
