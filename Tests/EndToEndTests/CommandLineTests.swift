import Foundation
import XCTest

/// What every command shares: exit statuses, help text, colour only on a terminal.
final class CommandLineTests: EndToEndCase {
    func testAnUnknownCommandIsAUsageError() throws {
        XCTAssertEqual(try pmo("frobnicate", "x").status, 2)
    }

    func testAMissingArgumentIsAUsageError() throws {
        let r = try pmo("run")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("Missing expected argument"), r.stderr)
    }

    func testAScriptErrorExitsOneWithItsLine() throws {
        let r = try pmo("run", "-", stdin: "local x = 1\nerror('boom')\n")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("stdin:2: boom"), r.stderr)
    }

    func testTopLevelHelpDocumentsTheExitStatuses() throws {
        let r = try pmo("--help")
        for line in ["0  ok", "1  script error", "2  usage error", "3  data error"] {
            XCTAssertTrue(r.stdout.contains(line), "\(line): \(r.stdout)")
        }
    }

    func testEveryCommandsHelpHasExamples() throws {
        for command in ["init", "run", "eval", "check", "import", "export", "demo"] {
            let r = try pmo(command, "--help")
            XCTAssertEqual(r.status, 0, command)
            XCTAssertTrue(r.stdout.contains("Examples:"), "\(command): \(r.stdout)")
        }
    }

    func testNoColourOnAPipe() throws {
        try demoWorkspace(projects: 5)
        let r = try pmo("check", in: "ws")
        XCTAssertFalse(r.stdout.contains("\u{1B}["), r.stdout)
    }

    /// `script` gives the child a pseudo-terminal, as a user's shell would.
    func onTerminal(_ command: String, environment: [String: String] = [:]) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("/usr/bin/script (util-linux) is needed to run pmo on a terminal")
        }
        let line = "\(PMOProcess.binary.path) \(command)"
        return try PMOProcess.run(["-qec", line, "/dev/null"], in: path("ws"), environment: environment, executable: "/usr/bin/script").stdout
    }

    func testColourOnATerminal() throws {
        try demoWorkspace(projects: 5)
        XCTAssertTrue(try onTerminal("check").contains("\u{1B}[31m"))
    }

    func testNoColourOnATerminalWithNoColorSet() throws {
        try demoWorkspace(projects: 5)
        let out = try onTerminal("check", environment: ["NO_COLOR": "1"])
        XCTAssertTrue(out.contains("FAILED"), out)
        XCTAssertFalse(out.contains("\u{1B}["), out)
    }
}
