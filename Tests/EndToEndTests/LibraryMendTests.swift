import Foundation
import XCTest

/// What the library messages tell an analyst to do works when followed literally, and the
/// pack's SHA-256 is the release's identity wherever pmo shows one.
final class LibraryMendTests: EndToEndCase {
    /// `pmo lib new acme-delivery`, packed to acme.tar.gz, and a 5-project demo workspace `ws`.
    private func packAndWorkspace() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        XCTAssertEqual(try pmo("lib", "pack", "acme-delivery", "-o", "acme.tar.gz").status, 0)
        try demoWorkspace("ws", projects: 5)
    }

    /// What `sha256sum FILE` prints first.
    private func sha256sum(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix { $0 != " " })
    }

    /// The command between backticks that a message names (`pmo lib update NAME`).
    private func namedCommand(_ message: String) throws -> [String] {
        let parts = message.components(separatedBy: "`")
        let command = try XCTUnwrap(parts.count >= 3 ? parts[parts.count - 2] : nil, message)
        return command.split(separator: " ").map(String.init)
    }

    func testFollowingVerifysMessageLiterallyMendsATamperedLibrary() throws {
        try packAndWorkspace()
        XCTAssertEqual(try pmo("lib", "install", path("acme.tar.gz"), in: "ws").status, 0)
        try write("tampered\n", to: "ws/libs/acme-delivery/acme/delivery/kpis.lua")
        let refused = try pmo("lib", "verify", in: "ws")
        XCTAssertEqual(refused.status, 3)
        var command = try namedCommand(refused.stderr)
        XCTAssertEqual(command.first, "pmo", refused.stderr)
        command = command.map { $0 == "NAME" ? "acme-delivery" : $0 }
        let mended = try PMOProcess.run(Array(command.dropFirst()), in: path("ws"))
        XCTAssertEqual(mended.status, 0, mended.stderr)
        let verified = try pmo("lib", "verify", in: "ws")
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
    }

    func testFollowingChecksMessageLiterallyMendsALibraryWithAnAddedFile() throws {
        try packAndWorkspace()
        XCTAssertEqual(try pmo("lib", "install", path("acme.tar.gz"), in: "ws").status, 0)
        try write("return 1\n", to: "ws/libs/acme-delivery/acme/delivery/extra.lua")
        let refused = try pmo("check", in: "ws")
        XCTAssertEqual(refused.status, 3, refused.stdout)
        let command = try namedCommand(refused.stderr)
        XCTAssertEqual(command, ["pmo", "lib", "update", "acme-delivery"], refused.stderr)
        XCTAssertEqual(try PMOProcess.run(Array(command.dropFirst()), in: path("ws")).status, 0)
        XCTAssertEqual(try pmo("lib", "verify", in: "ws").status, 0)
    }

    func testUpdateOfAnIntactLibraryChangesNothing() throws {
        try packAndWorkspace()
        XCTAssertEqual(try pmo("lib", "install", path("acme.tar.gz"), in: "ws").status, 0)
        let r = try pmo("lib", "update", "acme-delivery", in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "acme-delivery is up to date.\n")
    }

    func testUpdateRefusesToMendWithAnotherReleaseUnderTheSameVersion() throws {
        try packAndWorkspace()
        XCTAssertEqual(try pmo("lib", "install", path("acme.tar.gz"), in: "ws").status, 0)
        try write("tampered\n", to: "ws/libs/acme-delivery/README.md")
        // The source now holds other content under the same version.
        try write("another release\n", to: "acme-delivery/README.md")
        XCTAssertEqual(try pmo("lib", "pack", "acme-delivery", "-o", "acme.tar.gz").status, 0)
        let r = try pmo("lib", "update", "acme-delivery", in: "ws")
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("now holds another acme-delivery 0.1.0"), r.stderr)
        XCTAssertTrue(r.stderr.contains(try sha256sum(path("acme.tar.gz"))), r.stderr)
        XCTAssertEqual(try pmo("lib", "verify", in: "ws").status, 3)
    }

    func testThePacksSha256IsWhatConfigLockInfoAndListShow() throws {
        try packAndWorkspace()
        XCTAssertEqual(try pmo("lib", "install", path("acme.tar.gz"), in: "ws").status, 0)
        let sha = try sha256sum(path("acme.tar.gz"))
        XCTAssertEqual(sha.count, 64)
        let config = try String(contentsOfFile: path("ws/pmo.config.lua"), encoding: .utf8)
        XCTAssertTrue(config.contains("sha256 = \"\(sha)\""), config)
        let lock = try String(contentsOfFile: path("ws/pmo.lock.lua"), encoding: .utf8)
        XCTAssertTrue(lock.contains("sha256 = \"\(sha)\""), lock)
        XCTAssertTrue(try pmo("lib", "info", "acme-delivery", in: "ws").stdout.contains("sha256:   \(sha)\n"))
        XCTAssertTrue(try pmo("lib", "list", in: "ws").stdout.contains("sha256:\(sha)"))
    }

    func testAFolderInstallsAsTheReleaseItsPackIs() throws {
        try packAndWorkspace()
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws").status, 0)
        let info = try pmo("lib", "info", "acme-delivery", in: "ws").stdout
        XCTAssertTrue(info.contains("sha256:   \(try sha256sum(path("acme.tar.gz")))\n"), info)
    }
}
