import Foundation
import PMOScripting
import PMOWorkspace
import RuleLibraries
import Workbench
import XCTest

/// Issue 21, finding 3: the workspace owner sets the sandbox's ceiling in pmo.config.lua; a
/// library's manifest may only ask for less, and no number in either can reach a trap.
final class SandboxCeilingTests: XCTestCase {
    func manifest(limits: String) throws -> LibraryManifest {
        try LibraryManifest.parse(source: Array("""
            return { name = "acme-delivery", version = "1.0.0", roots = { "acme.delivery" }, limits = \(limits) }
            """.utf8), file: "pmo-lib.lua")
    }

    func message(limits: String) -> String {
        do { _ = try manifest(limits: limits); return "no error" } catch { return "\(error)" }
    }

    func config(_ text: String) throws -> WorkspaceConfig {
        let folder = NSTemporaryDirectory() + "pmo-ceiling-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/pmo.config.lua"))
        return try WorkspaceConfig.load(path: folder + "/pmo.config.lua", displayName: "pmo.config.lua")
    }

    func testInstructionsPastIntsRangeAreRefusedNotTrapped() {
        let m = message(limits: "{ instructions = 1e19 }")
        XCTAssertTrue(m.contains("limits.instructions") && m.contains("too large"), m)
    }

    func testMemoryPastIntsRangeAreRefusedNotTrapped() {
        let m = message(limits: "{ memory_mb = 1e13 }")
        XCTAssertTrue(m.contains("limits.memory_mb") && m.contains("too large"), m)
    }

    func testABillionSecondsIsRefused() {
        let m = message(limits: "{ seconds = 1e9 }")
        XCTAssertTrue(m.contains("limits.seconds") && m.contains("at most 86400"), m)
    }

    func testNaNAndInfinityAreRefused() {
        let nan = message(limits: "{ seconds = 0/0 }"), huge = message(limits: "{ memory_mb = 1e999 }")
        XCTAssertTrue(nan.contains("limits.seconds") && nan.contains("positive number"), nan)
        XCTAssertTrue(huge.contains("limits.memory_mb") && huge.contains("positive number"), huge)
    }

    func testTheDefaultCeilingIsTheSandboxDefaults() throws {
        XCTAssertEqual(try config("return {}").sandboxCeiling, SandboxLimits())
    }

    func testAManifestAskingForMoreThanTheCeilingGetsTheCeiling() throws {
        let m = try manifest(limits: "{ memory_mb = 1000000, seconds = 86400, instructions = 1e15 }")
        let ceiling = SandboxLimits()
        let limits = try XCTUnwrap(m.limits).capped(by: ceiling)
        XCTAssertEqual(limits.memoryBytes, ceiling.memoryBytes)
        XCTAssertEqual(limits.seconds, ceiling.seconds)
        XCTAssertEqual(limits.instructions, ceiling.instructions)
        XCTAssertEqual(m.limits?.excess(over: ceiling).count, 3)
    }

    func testAManifestAskingForLessKeepsWhatItAskedFor() throws {
        let m = try manifest(limits: "{ memory_mb = 8, seconds = 1 }")
        let limits = try XCTUnwrap(m.limits).capped(by: SandboxLimits())
        XCTAssertEqual(limits.memoryBytes, 8 << 20)
        XCTAssertEqual(limits.seconds, 1)
        XCTAssertEqual(m.limits?.excess(over: SandboxLimits()), [])
    }

    func testTheOwnerRaisesTheCeilingInTheConfig() throws {
        let c = try config("return { sandbox = { memory_mb = 256, seconds = 30, instructions = 1e9 } }")
        XCTAssertEqual(c.sandboxCeiling.memoryBytes, 256 << 20)
        XCTAssertEqual(c.sandboxCeiling.seconds, 30)
        XCTAssertEqual(c.sandboxCeiling.instructions, 1_000_000_000)
        let m = try manifest(limits: "{ memory_mb = 1000000 }")
        XCTAssertEqual(try XCTUnwrap(m.limits).capped(by: c.sandboxCeiling).memoryBytes, 256 << 20)
    }

    func testABadCeilingNamesItsField() {
        XCTAssertThrowsError(try config("return { sandbox = { seconds = -1 } }")) { error in
            XCTAssertTrue("\(error)".contains("sandbox.seconds"), "\(error)")
        }
    }

    func testASandboxedCheckRunsUnderTheCeiling() throws {
        let folder = NSTemporaryDirectory() + "pmo-ceiling-lib-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try makeLibrary("acme-delivery", in: folder)
        let manifest = try String(contentsOfFile: path + "/pmo-lib.lua", encoding: .utf8)
        try Data(manifest.replacingOccurrences(of: "limits = { memory_mb = 32, seconds = 5 }", with: "limits = { memory_mb = 1000000, seconds = 86400 }").utf8)
            .write(to: URL(fileURLWithPath: path + "/pmo-lib.lua"))
        let check = SandboxedLibraryCheck(library: try LibraryFolder.open(path), store: "unused", ceiling: SandboxLimits(seconds: 2))
        XCTAssertEqual(check.limits.seconds, 2)
        XCTAssertEqual(check.limits.memoryBytes, SandboxLimits().memoryBytes)
    }
}
