import Foundation
import PMOModel
import PMOWorkspace
import Workbench
import XCTest

/// Reading `pmo.config.lua` into settings, and writing the template `pmo init` uses.
final class WorkspaceConfigTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "pmo-ws-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { [folder] in try? FileManager.default.removeItem(atPath: folder) }
    }

    func load(_ text: String) throws -> WorkspaceConfig {
        let file = folder + "/pmo.config.lua"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return try WorkspaceConfig.load(path: file, displayName: "pmo.config.lua")
    }

    func testTheTemplateReadsBackAsTheDefaults() throws {
        XCTAssertEqual(try load(WorkspaceTemplate.configText(WorkspaceConfig())), WorkspaceConfig())
    }

    func testTheTemplateKeepsAnAsofDate() throws {
        var config = WorkspaceConfig()
        config.asof = Day("2026-06-30")
        XCTAssertEqual(try load(WorkspaceTemplate.configText(config)).asof, Day("2026-06-30"))
    }

    func testStoreBusyTimeoutIsReadInSeconds() throws {
        XCTAssertEqual(try load("return { store_busy_timeout = 0.5 }").storeBusyTimeout, 0.5)
        XCTAssertEqual(try load("return {}").storeBusyTimeout, 5)
    }

    func testStoreBusyTimeoutOutsideZeroToAnHourIsAnError() {
        for bad in ["-1", "1e9", "0/0", "'5'"] {
            XCTAssertThrowsError(try load("return { store_busy_timeout = \(bad) }"), bad) { error in
                XCTAssertTrue("\(error)".contains("store_busy_timeout"), "\(bad): \(error)")
            }
        }
    }

    func testAnEmptyTableIsTheDefaults() throws {
        XCTAssertEqual(try load("return {}"), WorkspaceConfig())
    }

    func testEveryFieldIsRead() throws {
        let config = try load("""
            return {
              store = "/srv/pmo.sqlite", asof = "2026-03-31",
              report = { format = "junit", fail_on = "amber", kpis = { "pmo.evm.cpi" } },
              libraries = { { name = "acme.kpis", version = "1.2.0", sha256 = "ab", trust = "trusted" } },
            }
            """)
        XCTAssertEqual(config.store, "/srv/pmo.sqlite")
        XCTAssertEqual(config.asof, Day("2026-03-31"))
        XCTAssertEqual(config.report.format, "junit")
        XCTAssertEqual(config.report.failOn, "amber")
        XCTAssertEqual(config.report.kpis, ["pmo.evm.cpi"])
        XCTAssertEqual(config.libraries, [.init(name: "acme.kpis", version: "1.2.0", sha256: "ab", trust: .trusted)])
    }

    func testALibraryIsSandboxedUnlessTrusted() throws {
        let config = try load("return { libraries = { { name = 'a', version = '1' } } }")
        XCTAssertEqual(config.libraries.first?.trust, .sandboxed)
    }

    func testABadDateNamesFieldAndLine() {
        XCTAssertThrowsError(try load("return {\n  asof = '30/06/2026',\n}")) { error in
            XCTAssertEqual("\(error)", #"pmo.config.lua:2: field 'asof': expected a date as "yyyy-mm-dd", got "30/06/2026""#)
        }
    }

    func testAnUnknownTrustLevelIsRefused() {
        XCTAssertThrowsError(try load("return { libraries = { { name = 'a', version = '1', trust = 'yes' } } }")) { error in
            XCTAssertTrue("\(error)".contains(#"expected "sandboxed" or "trusted""#), "\(error)")
        }
    }

    func testListItemsAmongNamedFieldsAreRefusedWithTheKnownFields() {
        XCTAssertThrowsError(try load("return {\n  report = { 'x', format = 'text' },\n}")) { error in
            XCTAssertEqual("\(error)", "pmo.config.lua:2: field 'report' has list items; expected only named fields: format, fail_on, kpis")
        }
    }

    func testAListWithNamedFieldsIsRefused() {
        XCTAssertThrowsError(try load("return { report = { kpis = { 'a', b = 1 } } }")) { error in
            XCTAssertTrue("\(error)".contains("field 'report.kpis': expected a list such as { \"a\", \"b\" }, got a table with named fields"), "\(error)")
        }
    }

    func testAnEmptyListAndAnEmptyTableOfFieldsBothRead() throws {
        let config = try load("return { report = {}, libraries = {} }")
        XCTAssertEqual(config, WorkspaceConfig())
    }

    func testJiraProjectsMapKeysToStoreProjects() throws {
        let config = try load("return { jira = { projects = { WS = \"PRJ-007\", OPS = \"PRJ-002\" } } }")
        XCTAssertEqual(config.jiraProjects, ["WS": "PRJ-007", "OPS": "PRJ-002"])
    }

    func testAJiraProjectThatIsNotAStringNamesItsFieldAndLine() {
        XCTAssertThrowsError(try load("return {\n  jira = {\n    projects = { WS = 7 },\n  },\n}")) { error in
            XCTAssertEqual("\(error)", "pmo.config.lua:3: field 'jira.projects.WS': expected a string, got a number")
        }
    }

    func testJiraProjectsAsAListIsRefused() {
        XCTAssertThrowsError(try load("return { jira = { projects = { \"PRJ-007\" } } }")) { error in
            XCTAssertTrue("\(error)".contains("field 'jira.projects': expected Jira project key = store project id entries"), "\(error)")
            XCTAssertTrue("\(error)".contains("got list items"), "\(error)")
        }
    }

    func testAnUnknownFieldOfJiraIsRefused() {
        XCTAssertThrowsError(try load("return { jira = { project = {} } }")) { error in
            XCTAssertTrue("\(error)".contains("field 'jira.project': unknown field; known fields of 'jira': projects"), "\(error)")
        }
    }
}

/// `dcma = {...}`: pmo.dcma's thresholds and level-of-effort pattern.
final class DCMAConfigTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "pmo-ws-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { [folder] in try? FileManager.default.removeItem(atPath: folder) }
    }

    func load(_ text: String) throws -> WorkspaceConfig {
        let file = folder + "/pmo.config.lua"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return try WorkspaceConfig.load(path: file, displayName: "pmo.config.lua")
    }

    func testThresholdsAndTheLevelOfEffortPatternAreRead() throws {
        let c = try load("return { dcma = { logic = 0.1, high_float_days = 30, level_of_effort = '^LOE' } }").dcma
        XCTAssertEqual(c.thresholds, ["logic": 0.1, "high_float_days": 30])
        XCTAssertEqual(c.levelOfEffort, "^LOE")
    }

    func testAnUnknownThresholdIsRefusedWithItsName() {
        XCTAssertThrowsError(try load("return { dcma = { logics = 0.1 } }")) { error in
            XCTAssertTrue("\(error)".contains("dcma.logics"), "\(error)")
        }
    }

    func testAThresholdThatIsNotANumberIsRefused() {
        XCTAssertThrowsError(try load("return { dcma = { lags = '5%' } }")) { error in
            XCTAssertTrue("\(error)".contains("dcma.lags") && "\(error)".contains("expected a number"), "\(error)")
        }
    }

    func testANegativeThresholdIsRefused() {
        XCTAssertThrowsError(try load("return { dcma = { bei = -1 } }")) { error in
            XCTAssertTrue("\(error)".contains("dcma.bei"), "\(error)")
        }
    }

    /// The names the config accepts are the keys of pmo.dcma's DEFAULTS, read from its source.
    func testTheNamesAreTheKeysOfTheLuaDefaults() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("stdlib/pmo/dcma.lua")
        let text = try String(contentsOf: source, encoding: .utf8)
        guard let start = text.range(of: "M.DEFAULTS = {"), let end = text.range(of: "\n}", range: start.upperBound..<text.endIndex) else {
            return XCTFail("no M.DEFAULTS table in dcma.lua")
        }
        let body = String(text[start.upperBound..<end.lowerBound])
        let names = body.split(whereSeparator: { ",\n".contains($0) }).compactMap { part -> String? in
            let field = part.split(separator: "=").first?.trimmingCharacters(in: .whitespaces) ?? ""
            return field.isEmpty ? nil : field
        }
        XCTAssertEqual(Set(names), WorkspaceConfig.DCMASettings.names)
    }
}
