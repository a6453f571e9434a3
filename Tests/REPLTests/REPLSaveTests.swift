import Foundation
import XCTest

/// The real `pmo` binary on a pseudo-terminal in a temporary folder (no workspace there:
/// the built-in demo portfolio).
class PtySessionCase: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "pmo-repl-save-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard FileManager.default.isExecutableFile(atPath: PMOBinary.path) else {
            throw XCTSkip("build pmo first (swift build): \(PMOBinary.path) is missing")
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private var environment: [String: String] {
        ["TERM": "xterm", "HOME": folder, "XDG_STATE_HOME": folder, "NO_COLOR": "1",
         "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    }

    func startREPL(columns: Int? = nil) throws -> PseudoTerminal {
        let pty = try PseudoTerminal("/bin/sh", arguments: ["-c", "cd \"$0\" && exec \"$1\"", folder, PMOBinary.path],
                                     environment: environment, columns: columns)
        try pty.expect("\n> ")
        try pty.waitForLineEditing()
        return pty
    }

    /// Types a line, waits for the next prompt, and returns what the REPL printed in between:
    /// the echoed line, escape sequences and the prompt left out, line ends as "\n".
    func enter(_ pty: PseudoTerminal, _ line: String) throws -> String {
        pty.send(line + "\r")
        let seen = try pty.expect("\n> ")
        try pty.waitForLineEditing()
        let plain = seen.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\r", with: "")
        var lines = plain.components(separatedBy: "\n")
        lines.removeFirst()      // the echo of what was typed
        lines.removeLast()       // the next prompt
        return lines.map { $0 + "\n" }.joined()
    }

    /// Runs `pmo run FILE` in the folder; its standard output, error and exit status.
    func pmoRun(_ file: String) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PMOBinary.path)
        process.arguments = ["run", file]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), process.terminationStatus)
    }
}

/// `:save` and printing at the prompt, as a person meets them.
final class REPLSaveTests: PtySessionCase {

    func testASavedSessionRunsUnderPmoRunAndPrintsWhatTheSessionPrinted() throws {
        let pty = try startREPL()
        var printed = ""
        for line in [
            "local p = pmo.project(\"PRJ-003\")",
            "p.name",
            "pmo.projects{ phase = \"execution\" }:top(3)",
            "p:evm().cpi",
            "_ * 2",
            "local n = 0 for i = 1, 3 do n = n + i end return n",
            "print(\"printed by print\")",
            "n + 1, { a = 1, 'x' }",
            "require(\"pmo.kpi\").evaluate(\"pmo.evm.cpi\", { id = \"PRJ-003\" })[1]:explain()",
        ] {
            printed += try enter(pty, line)
        }
        let file = folder + "/session.lua"
        XCTAssertTrue(try enter(pty, ":save " + file).contains("saved 9 inputs"))

        let run = try pmoRun(file)
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertFalse(printed.contains("List: 0x"), printed)
        XCTAssertTrue(printed.contains("Secure Archive 3"), printed)
        XCTAssertEqual(run.out, printed, "pmo run of the saved session printed otherwise; the script:\n"
                       + ((try? String(contentsOfFile: file, encoding: .utf8)) ?? ""))
    }

    func testASavedSessionReplaysInputsThatAreOnlyValidAfterReturn() throws {
        let pty = try startREPL()
        var printed = try enter(pty, "1 + 1;")
        printed += try enter(pty, "local t <close> = nil local k <const> = 5 ::again::")
        printed += try enter(pty, "k * 2 -- doubled")
        let file = folder + "/odd.lua"
        _ = try enter(pty, ":save " + file)
        let run = try pmoRun(file)
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertEqual(run.out, printed)
    }

    func testASavedSessionLaysTablesOutForTheWidthTheSessionsTerminalHad() throws {
        let pty = try startREPL(columns: 60)
        var printed = try enter(pty, "pmo.projects{ phase = \"execution\" }:top(3)")
        try pty.resize(columns: 120)
        printed += try enter(pty, "pmo.projects{ phase = \"execution\" }:top(3)")
        let file = folder + "/narrow.lua"
        _ = try enter(pty, ":save " + file)

        let run = try pmoRun(file)
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertTrue(printed.contains("…"), "60 columns cut a column: \(printed)")
        XCTAssertEqual(run.out, printed)
    }

    func testASavedSessionKeepsTheSessionsAsOfDate() throws {
        let pty = try startREPL()
        var printed = try enter(pty, "pmo.project(\"PRJ-003\"):evm().status_date")
        _ = try enter(pty, ":asof 2026-03-31")
        printed += try enter(pty, "pmo.project(\"PRJ-003\"):evm().status_date")
        let file = folder + "/asof.lua"
        _ = try enter(pty, ":save " + file)

        let run = try pmoRun(file)
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertTrue(printed.hasSuffix("2026-03-31\n"), printed)
        XCTAssertEqual(run.out, printed)
    }

    func testAMultiLineStringPrintsAsTextAtThePrompt() throws {
        let pty = try startREPL()
        let out = try enter(pty, "require(\"pmo.kpi\").evaluate(\"pmo.evm.cpi\", { id = \"PRJ-003\" })[1]:explain()")
        XCTAssertTrue(out.hasPrefix("pmo.evm.cpi for project PRJ-003 = "), out)
        XCTAssertTrue(out.contains("\n  formula: CPI = EV / AC\n"), out)
        XCTAssertFalse(out.contains("\\n"), out)
    }

    func testAOneLineStringStaysQuotedAtThePrompt() throws {
        let pty = try startREPL()
        XCTAssertEqual(try enter(pty, "'4' .. '2'"), "\"42\"\n")
    }
}
