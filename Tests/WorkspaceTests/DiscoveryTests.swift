import Foundation
import PMOWorkspace
import Workbench
import XCTest

/// Finding the workspace as git finds a repository.
final class DiscoveryTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = ((NSTemporaryDirectory() + "pmo-discovery-" + UUID().uuidString) as NSString).standardizingPath
        try FileManager.default.createDirectory(atPath: folder + "/ws/scripts/deep", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/other", withIntermediateDirectories: true)
        try WorkspaceTemplate.create(in: folder + "/ws")
        addTeardownBlock { [folder] in try? FileManager.default.removeItem(atPath: folder) }
    }

    func testTheNearestParentWithAConfigIsTheWorkspace() throws {
        let ws = try Workspace.discover(option: nil, environment: [:], from: folder + "/ws/scripts/deep")
        XCTAssertEqual(ws?.root, folder + "/ws")
        XCTAssertEqual(ws?.storePath, folder + "/ws/data/pmo.sqlite")
    }

    func testAFolderOutsideAnyWorkspaceHasNone() throws {
        XCTAssertNil(try Workspace.discover(option: nil, environment: [:], from: folder + "/other"))
    }

    func testTheEnvironmentWinsOverTheCurrentFolder() throws {
        try WorkspaceTemplate.create(in: folder + "/other")
        let ws = try Workspace.discover(option: nil, environment: ["PMO_WORKSPACE": folder + "/other"], from: folder + "/ws")
        XCTAssertEqual(ws?.root, folder + "/other")
    }

    func testTheOptionWinsOverTheEnvironment() throws {
        try WorkspaceTemplate.create(in: folder + "/other")
        let ws = try Workspace.discover(option: folder + "/ws", environment: ["PMO_WORKSPACE": folder + "/other"], from: folder)
        XCTAssertEqual(ws?.root, folder + "/ws")
    }

    func testANamedFolderWithoutAConfigIsAnError() {
        XCTAssertThrowsError(try Workspace.discover(option: nil, environment: ["PMO_WORKSPACE": folder + "/other"], from: folder)) { error in
            XCTAssertTrue(error is WorkspaceError)
            XCTAssertTrue("\(error)".contains("PMO_WORKSPACE"), "\(error)")
        }
    }

    func testRuleFilesAreTheLuaFilesInNameOrder() throws {
        for name in ["b.lua", "a.lua", "notes.md"] {
            try Data().write(to: URL(fileURLWithPath: folder + "/ws/rules/" + name))
        }
        let ws = try XCTUnwrap(Workspace.discover(option: folder + "/ws", environment: [:], from: folder))
        XCTAssertEqual(ws.ruleFiles().map { ($0 as NSString).lastPathComponent }, ["a.lua", "b.lua"])
    }

    func testTheStoreOptionOverridesTheWorkspace() throws {
        let context = try WorkContext.resolve(workspace: folder + "/ws", store: "x.sqlite", environment: [:], from: folder)
        XCTAssertEqual(context.store, .file("x.sqlite"))
        XCTAssertNotNil(context.workspace)
    }

    func testWithNoWorkspaceTheStoreIsTheDemoAsOfItsStatusDate() throws {
        let context = try WorkContext.resolve(workspace: nil, store: nil, environment: [:], from: folder + "/other")
        XCTAssertEqual(context.store, .demo)
        XCTAssertEqual(context.asof?.description, "2026-09-30")
    }
}
