import Foundation
import XCTest

/// What every command shares: exit statuses, help text, colour only on a terminal.
final class CommandLineTests: EndToEndCase {
    func testAnUnknownCommandIsAUsageError() throws {
        XCTAssertEqual(try pmo("frobnicate", "x").status, 2)
    }

    func testAMistypedCommandSuggestsTheNearestOne() throws {
        let r = try pmo("chek")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "pmo: 'chek' is not a command of `pmo`; did you mean 'check'? (see `pmo --help`)\n")
        let lib = try pmo("lib", "instal", "x")
        XCTAssertEqual(lib.status, 2)
        XCTAssertTrue(lib.stderr.contains("did you mean 'install'?"), lib.stderr)
    }

    func testAWordFarFromEveryCommandListsThem() throws {
        let r = try pmo("frobnicate")
        XCTAssertTrue(r.stderr.contains("the commands are: repl, init, run, eval, check"), r.stderr)
        XCTAssertFalse(r.stderr.contains("__worker"), r.stderr)
    }

    func testTheScriptsNamedInTheHelpExamplesExist() throws {
        for command in [["--help"], ["run", "--help"]] {
            let help = try PMOProcess.run(command, in: folder).stdout
            for word in help.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.hasPrefix("scripts/") {
                XCTAssertTrue(FileManager.default.fileExists(atPath: PMOProcess.root.appendingPathComponent(String(word)).path),
                              "\(command.joined(separator: " ")) names \(word)")
            }
        }
    }

    func testASQLResultPrintsInTheSelectsColumnOrder() throws {
        let r = try pmo("eval", "return (pmo.sql('select phase, count(*) as n, sum(bac) as total from projects group by phase'))")
        XCTAssertEqual(r.status, 0, r.stderr)
        let header = r.stdout.split(separator: "\n").first { $0.contains("phase") }.map(String.init) ?? ""
        guard let phase = header.range(of: "phase"), let n = header.range(of: " n "), let total = header.range(of: "total") else {
            return XCTFail("no header with phase, n and total: \(r.stdout)")
        }
        XCTAssertTrue(phase.lowerBound < n.lowerBound && n.lowerBound < total.lowerBound, header)
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
