import Foundation
import PMOWorkspace
import RuleLibraries
import Workbench
import XCTest

/// `pmo lib install` and friends on a real workspace folder.
final class LibraryInstallerTests: XCTestCase {
    var parent = ""
    var installer: LibraryInstaller!

    override func setUpWithError() throws {
        parent = try temporaryFolder(self, "install")
        installer = LibraryInstaller(workspace: try WorkspaceTemplate.create(in: parent + "/ws"))
    }

    func reopened() throws -> LibraryInstaller {
        LibraryInstaller(workspace: try Workspace.open(parent + "/ws"))
    }

    func testInstallCopiesTheLibraryIntoLibs() throws {
        try installer.install(.parse(try makeLibrary("acme-delivery", in: parent)))
        XCTAssertTrue(FileManager.default.fileExists(atPath: parent + "/ws/libs/acme-delivery/acme/delivery/kpis.lua"))
    }

    func testTheLockRecordsEveryFilesSHA256() throws {
        let source = try makeLibrary("acme-delivery", in: parent)
        try installer.install(.parse(source))
        let entry = try XCTUnwrap(try installer.lock().entry("acme-delivery"))
        let manifest = try XCTUnwrap(FileManager.default.contents(atPath: source + "/pmo-lib.lua"))
        XCTAssertEqual(entry.files["pmo-lib.lua"], FileDigest.hex([UInt8](manifest)))
        XCTAssertEqual(entry.files.keys.sorted(), try LibraryFolder.files(in: source))
        XCTAssertEqual(entry.version.description, "0.1.0")
    }

    func testTheConfigListsTheLibraryUntrusted() throws {
        try installer.install(.parse(try makeLibrary("acme-delivery", in: parent)))
        let library = try XCTUnwrap(try reopened().workspace.config.libraries.first)
        XCTAssertEqual(library.name, "acme-delivery")
        XCTAssertEqual(library.trust, .sandboxed)
    }

    func testInstallingFromAPackGivesTheSameLock() throws {
        let source = try makeLibrary("acme-delivery", in: parent)
        let pack = parent + "/acme.tar.gz"
        try Data(try LibraryPack.archive(try LibraryFolder.open(source))).write(to: URL(fileURLWithPath: pack))
        try installer.install(.parse(pack))
        let fromPack = try installer.lock().entry("acme-delivery")?.files
        try installer.install(.parse(source))
        XCTAssertEqual(fromPack, try installer.lock().entry("acme-delivery")?.files)
    }

    func testAChangedFileIsNamedByVerify() throws {
        try installer.install(.parse(try makeLibrary("acme-delivery", in: parent)))
        try write("-- changed", to: "libs/acme-delivery/acme/delivery/kpis.lua", in: parent + "/ws")
        XCTAssertEqual(try installer.problems("acme-delivery"),
                       ["libs/acme-delivery/acme/delivery/kpis.lua was changed since it was installed (SHA-256 differs from pmo.lock.lua)"])
    }

    func testAnAddedFileIsNamedByVerify() throws {
        try installer.install(.parse(try makeLibrary("acme-delivery", in: parent)))
        try write("return 1", to: "libs/acme-delivery/acme/delivery/extra.lua", in: parent + "/ws")
        XCTAssertEqual(try installer.problems("acme-delivery").count, 1)
        XCTAssertTrue(try installer.problems("acme-delivery")[0].contains("extra.lua was added"))
    }

    func testASecondLibraryClaimingTheSameRootIsRefused() throws {
        try installer.install(.parse(try makeLibrary("acme-delivery", in: parent)))
        let other = try makeLibrary("acme.delivery", in: parent)      // also owns acme.delivery
        XCTAssertThrowsError(try installer.install(.parse(other))) { XCTAssertTrue("\($0)".contains("overlaps"), "\($0)") }
        XCTAssertNil(try installer.lock().entry("acme.delivery"))
    }

    func testRemoveTakesTheLibraryOutOfLibsLockAndConfig() throws {
        try installer.install(.parse(try makeLibrary("acme-delivery", in: parent)))
        try installer.remove("acme-delivery")
        XCTAssertFalse(FileManager.default.fileExists(atPath: parent + "/ws/libs/acme-delivery"))
        XCTAssertNil(try installer.lock().entry("acme-delivery"))
        XCTAssertTrue(try reopened().workspace.config.libraries.isEmpty)
    }

    func testALibraryOthersDependOnCannotBeRemoved() throws {
        try installer.install(.parse(try makeLibrary("acme-core", in: parent, version: "1.2.0")))
        try installer.install(.parse(try makeLibrary("acme-delivery", in: parent, manifestExtra: "depends = { \"acme-core ~> 1.2\" },")))
        XCTAssertThrowsError(try installer.remove("acme-core")) { XCTAssertTrue("\($0)".contains("acme-delivery depends on it"), "\($0)") }
    }

    func testUpdateInstallsANewerVersionFromTheRecordedSource() throws {
        let source = try makeLibrary("acme-delivery", in: parent)
        try installer.install(.parse(source))
        let manifest = try String(contentsOfFile: source + "/pmo-lib.lua", encoding: .utf8)
        try write(manifest.replacingOccurrences(of: "\"0.1.0\"", with: "\"0.2.0\""), to: "pmo-lib.lua", in: source)
        XCTAssertEqual(try installer.update("acme-delivery")?.version.description, "0.2.0")
    }

    func testUpdateLeavesTheSameVersionAlone() throws {
        try installer.install(.parse(try makeLibrary("acme-delivery", in: parent)))
        XCTAssertNil(try installer.update("acme-delivery"))
    }

    func testInstallFromAGitTag() throws {
        let source = try makeLibrary("acme-delivery", in: parent)
        for args in [["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v"], ["tag", "v0.1.0"]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git", "-C", source] + args
            try git.run()
            git.waitUntilExit()
            XCTAssertEqual(git.terminationStatus, 0, "git \(args)")
        }
        try installer.install(.parse(source + "@v0.1.0"))
        XCTAssertEqual(try installer.lock().entry("acme-delivery")?.source, source + "@v0.1.0")
        XCTAssertFalse(FileManager.default.fileExists(atPath: parent + "/ws/libs/acme-delivery/.git"))
    }

    func testThePmoStdlibCannotBeInstalled() throws {
        let stdlib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("stdlib").path
        XCTAssertThrowsError(try installer.install(.parse(stdlib))) { XCTAssertTrue("\($0)".contains("built into pmo"), "\($0)") }
    }
}
