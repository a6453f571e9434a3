import Foundation
import RuleLibraries
import Workbench
import XCTest

/// `pmo lib pack`: reproducible archives, and reading them back safely.
final class LibraryPackTests: XCTestCase {
    func testTwoPacksOfTheSameContentAreByteIdentical() throws {
        let parent = try temporaryFolder(self)
        let library = try LibraryFolder.open(try makeLibrary("acme-delivery", in: parent))
        let first = try LibraryPack.archive(library)
        // Touch every file: a new mtime must not change the bytes.
        for file in try library.files() {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: library.path + "/" + file)
        }
        XCTAssertEqual(first, try LibraryPack.archive(library))
    }

    func testAChangedFileChangesThePack() throws {
        let parent = try temporaryFolder(self)
        let folder = try makeLibrary("acme-delivery", in: parent)
        let before = try LibraryPack.archive(try LibraryFolder.open(folder))
        try write("changed", to: "README.md", in: folder)
        XCTAssertNotEqual(before, try LibraryPack.archive(try LibraryFolder.open(folder)))
    }

    func testAPackExtractsToTheSameFiles() throws {
        let parent = try temporaryFolder(self)
        let library = try LibraryFolder.open(try makeLibrary("acme-delivery", in: parent))
        let out = parent + "/extracted"
        try LibraryPack.extract(try LibraryPack.archive(library), into: out)
        XCTAssertEqual(try LibraryFolder.files(in: out), try library.files())
        XCTAssertEqual(FileManager.default.contents(atPath: out + "/pmo-lib.lua"), FileManager.default.contents(atPath: library.path + "/pmo-lib.lua"))
    }

    func testHiddenFilesAreLeftOut() throws {
        let parent = try temporaryFolder(self)
        let folder = try makeLibrary("acme-delivery", in: parent)
        try write("secret", to: ".git/config", in: folder)
        XCTAssertFalse(try LibraryPack.files(try LibraryFolder.open(folder)).contains { $0.hasPrefix(".git") })
    }

    func testAnEntryLeavingItsFolderIsRefused() throws {
        let tar = try Tarball.write([("acme-1.0.0/../../evil.lua", Array("x".utf8))])
        XCTAssertThrowsError(try Tarball.read(tar)) { XCTAssertTrue("\($0)".contains("outside its folder")) }
    }

    func testGNUTarReadsThePack() throws {
        let parent = try temporaryFolder(self)
        let library = try LibraryFolder.open(try makeLibrary("acme-delivery", in: parent))
        let file = parent + "/p.tar.gz"
        try Data(try LibraryPack.archive(library)).write(to: URL(fileURLWithPath: file))
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-tzf", file]
        let out = Pipe()
        tar.standardOutput = out
        try tar.run()
        let listing = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        tar.waitUntilExit()
        XCTAssertEqual(tar.terminationStatus, 0)
        XCTAssertEqual(listing.split(separator: "\n").map(String.init), try library.files().map { "acme-delivery-0.1.0/" + $0 })
    }
}
