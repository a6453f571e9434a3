import Foundation
import XCTest

/// The REPL as a person meets it: the real `pmo` binary on a pseudo-terminal.
final class REPLTerminalTests: XCTestCase {
    private var stateHome = ""

    override func setUpWithError() throws {
        stateHome = NSTemporaryDirectory() + "pmo-repl-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: stateHome, withIntermediateDirectories: true)
        try PMOBinary.require()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: stateHome)
    }

    /// Starts `pmo` with no arguments and waits for its first prompt.
    private func startREPL(colours: Bool = false, columns: Int? = nil) throws -> PseudoTerminal {
        var env = ["TERM": "xterm", "HOME": stateHome, "XDG_STATE_HOME": stateHome,
                   "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        if !colours { env["NO_COLOR"] = "1" }
        let pty = try PseudoTerminal(PMOBinary.path, environment: env, columns: columns)
        try expectPrompt(pty, "\n> ")
        return pty
    }

    /// Waits for a prompt and for line editing to begin, and returns what came before it.
    @discardableResult
    private func expectPrompt(_ pty: PseudoTerminal, _ prompt: String = "> ") throws -> String {
        let seen = try pty.expect(prompt)
        try pty.waitForLineEditing()
        return seen
    }

    /// Types a line and waits for the next prompt; returns what came before it.
    @discardableResult
    private func enter(_ pty: PseudoTerminal, _ line: String) throws -> String {
        pty.send(line + "\r")
        return try expectPrompt(pty, "\n> ")
    }

    func testShowsBannerAndPrompt() throws {
        let pty = try startREPL()
        XCTAssertTrue(pty.transcript.contains(":help"), pty.transcript)
        XCTAssertTrue(pty.transcript.hasSuffix("> "), pty.transcript)
    }

    func testPrintsAnExpressionWithoutReturn() throws {
        let pty = try startREPL()
        XCTAssertTrue(try enter(pty, "1 + 1").contains("\r\n2\r\n"))
    }

    func testContinuesAnUnfinishedBlockOnTheSecondaryPrompt() throws {
        let pty = try startREPL()
        pty.send("for i = 1, 2 do\r")
        try expectPrompt(pty, ">> ")
        pty.send("print(i * 10)\r")
        try expectPrompt(pty, ">> ")
        let out = try enter(pty, "end")
        XCTAssertTrue(out.contains("10\r\n20\r\n"), out)
    }

    func testAPastedMultiLineBlockRuns() throws {
        let pty = try startREPL()
        pty.send("local total = 0\rfor i = 1, 3 do\r  total = total + i\rend\rtotal * 7\r")
        try pty.expect("\r\n42\r\n")
    }

    func testKeepsLocalsFromOneLineToTheNext() throws {
        let pty = try startREPL()
        try enter(pty, "local answer = 41")
        XCTAssertTrue(try enter(pty, "answer + 1").contains("\r\n42\r\n"))
    }

    func testUnderscoreHoldsTheLastResult() throws {
        let pty = try startREPL()
        try enter(pty, "6 * 7")
        XCTAssertTrue(try enter(pty, "_ + 1").contains("\r\n43\r\n"))
    }

    func testTabCompletesAGlobalTablesField() throws {
        let pty = try startREPL()
        pty.send("string.up\t")
        try pty.expect("per")
        let out = try enter(pty, "('pmo')")
        XCTAssertTrue(out.contains("\"PMO\""), out)
    }

    func testTabCompletesAUniqueNameWithoutRingingTheBell() throws {
        let pty = try startREPL()
        pty.send("coroutine.runn\t")
        try pty.expect("coroutine.running")
        XCTAssertFalse(pty.transcript.contains("\u{07}"), pty.transcript)
    }

    func testTabListsTheCandidatesWhenItCannotChooseOne() throws {
        let pty = try startREPL()
        pty.send("string.f\t")
        let out = try pty.expect("> string.f")
        XCTAssertTrue(out.contains("string.find") && out.contains("string.format"), out)
    }

    func testNonAsciiInputReachesLuaAsUtf8() throws {
        let pty = try startREPL()
        XCTAssertTrue(try enter(pty, "#'é€'").contains("\r\n5\r\n"))
    }

    /// Records whose rows, laid out in full, take 88 columns: a number, a code and a long name.
    private let wideRecords = "t = {} for i = 1, 3 do t[i] = { amount = 1144000.5 * i, "
        + "code = 'ABCDEFGHIJ', name = ('Programme of work ' .. i):rep(3) } end"

    /// The lines of a result, as the terminal shows them.
    private func lines(_ output: String) -> [String] {
        output.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    func testATableFitsTheTerminalsWidthAndKeepsItsNumbersWhole() throws {
        let pty = try startREPL(columns: 80)
        try enter(pty, wideRecords)
        let out = try enter(pty, "t")
        for line in lines(out) { XCTAssertLessThanOrEqual(line.count, 80, line) }
        XCTAssertTrue(out.contains("1,144,000.5") && out.contains("3,432,001.5"), out)
        XCTAssertTrue(out.contains("ABCDEFGHIJ  Programme of work 1Prog"), out)
    }

    func testATableIsLaidOutAgainForAResizedTerminal() throws {
        let pty = try startREPL(columns: 100)
        try enter(pty, wideRecords)
        let wide = try enter(pty, "t")
        XCTAssertTrue(wide.contains("Programme of work 1Programme of work 1Programme of work 1"), wide)
        try pty.resize(columns: 50)
        let narrow = try enter(pty, "t")
        for line in lines(narrow) { XCTAssertLessThanOrEqual(line.count, 50, line) }
        XCTAssertTrue(narrow.contains("2,288,001"), narrow)
    }

    func testTabCompletesOnTheResultOfAReadOnlyCall() throws {
        let pty = try startREPL()
        pty.send("pmo.project(\"PRJ-003\"):latest_st\t")
        try pty.expect("atus")
        let out = try enter(pty, "().project_id")
        XCTAssertTrue(out.contains("\"PRJ-003\""), out)
    }

    func testTabListsTheMethodsOfACallsResult() throws {
        let pty = try startREPL()
        pty.send("pmo.project(\"PRJ-003\"):ev\t")
        let out = try pty.expect("> pmo.project(\"PRJ-003\"):ev")
        XCTAssertTrue(out.contains(":evm") && out.contains(":evidence"), out)
    }

    func testTabCompletesAFieldOfAFilteredQuerysFirstRow() throws {
        let pty = try startREPL()
        pty.send("pmo.projects{ phase = \"execution\" }[1].mana\t")
        try pty.expect("ger")
        let out = try enter(pty, "")
        XCTAssertFalse(out.contains("error"), out)
    }

    func testTabNeverCallsAFunctionThatIsNotMarkedReadOnly() throws {
        let pty = try startREPL()
        try enter(pty, "calls = 0 function probe() calls = calls + 1 return { field = 1 } end")
        pty.send("probe().fi\t")
        try pty.expect("probe().fi")
        pty.send("\u{03}")
        try expectPrompt(pty)
        // A read-only query given the function as its filter does not call it either.
        pty.send("pmo.projects(probe)[1].na\t")
        try pty.expect("[1].na")
        pty.send("\u{03}")
        try expectPrompt(pty)
        XCTAssertTrue(try enter(pty, "calls").contains("\r\n0\r\n"))
    }

    func testTabCompletesACommand() throws {
        let pty = try startREPL()
        pty.send(":ti\t")
        try pty.expect("me")
        let out = try enter(pty, " 2 + 3")
        XCTAssertTrue(out.contains("\r\n5\r\n") && out.contains("time:"), out)
    }

    func testHistoryIsWrittenAndReadBackByTheNextSession() throws {
        let first = try startREPL()
        try enter(first, "1000 + 234")
        first.send("\u{04}")
        XCTAssertEqual(first.waitForExit(), 0)
        let file = try String(contentsOfFile: stateHome + "/pmo/history", encoding: .utf8)
        XCTAssertTrue(file.contains("1000"), file)

        let second = try startREPL()
        second.send("\u{1B}[A")   // Up: the previous session's line
        try second.expect("234")
        second.send("\r")
        XCTAssertTrue(try expectPrompt(second, "\n> ").contains("\r\n1234\r\n"))
    }

    func testCtrlRShowsWhatItSearchesForAndTheLineFound() throws {
        let first = try startREPL()
        try enter(first, "1000 + 234")
        try enter(first, "0")
        first.send("\u{04}")
        XCTAssertEqual(first.waitForExit(), 0)

        let second = try startREPL()
        second.send("\u{12}")   // Ctrl-R
        try second.expect("(reverse-i-search)`': ")
        second.send("+ 2")
        try second.expect("(reverse-i-search)`+ 2': 1000 + 234")
        second.send("9")
        try second.expect("(failed reverse-i-search)`+ 29': 1000 + 234")
        XCTAssertFalse(second.transcript.contains("bck:"), second.transcript)
    }

    func testCtrlRThenAnArrowPutsTheLineFoundOnThePromptForEditing() throws {
        let first = try startREPL()
        try enter(first, "1000 + 234")
        first.send("\u{04}")
        XCTAssertEqual(first.waitForExit(), 0)

        let second = try startREPL()
        second.send("\u{12}1000")
        try second.expect("`1000': 1000 + 234")
        second.send("\u{1B}[D")   // Left: ends the search, the cursor one back from the end
        try second.waitForLineEditing()
        second.send("5\r")        // 1000 + 2354
        try second.expect("\r\n3354\r\n")
    }

    func testCtrlGEndsTheSearchAndGivesTheLineBack() throws {
        let first = try startREPL()
        try enter(first, "1000 + 234")
        first.send("\u{04}")
        XCTAssertEqual(first.waitForExit(), 0)

        let second = try startREPL()
        second.send("6 *")
        try second.expect("6 *")
        second.send("\u{12}1000")
        try second.expect("`1000': 1000 + 234")
        second.send("\u{07} 7\r")
        try second.expect("\r\n42\r\n")
    }

    func testCtrlCDuringASearchDropsTheLine() throws {
        let first = try startREPL()
        try enter(first, "1000 + 234")
        first.send("\u{04}")
        XCTAssertEqual(first.waitForExit(), 0)

        let second = try startREPL()
        second.send("\u{12}1000")
        try second.expect("`1000': 1000 + 234")
        second.send("\u{03}")
        try expectPrompt(second, "\n> ")   // a fresh prompt, after the search line is cleared
        let out = try enter(second, "2 * 3")
        XCTAssertTrue(out.contains("\r\n6\r\n"), out)
        XCTAssertFalse(second.transcript.contains("1234"), second.transcript)
    }

    func testCtrlRFindsALineOfAnEarlierSession() throws {
        let first = try startREPL()
        try enter(first, "1000 + 234")
        try enter(first, "0")
        first.send("\u{04}")
        XCTAssertEqual(first.waitForExit(), 0)

        let second = try startREPL()
        second.send("\u{12}")   // Ctrl-R
        second.send("+ 2")
        try second.expect("234")
        second.send("\r")
        try second.expect("\r\n1234\r\n")
    }

    func testARepeatedLineIsStoredOnceInTheHistory() throws {
        let pty = try startREPL()
        try enter(pty, "40 + 2")
        try enter(pty, "40 + 2")
        let file = try String(contentsOfFile: stateHome + "/pmo/history", encoding: .utf8)
        XCTAssertEqual(file.components(separatedBy: "\n").filter { $0.hasPrefix("40") }.count, 1, file)
    }

    func testCtrlCStopsARunningLoopQuicklyAndKeepsTheSession() throws {
        let pty = try startREPL()
        try enter(pty, "local kept = 'still here'")
        pty.send("while true do end\r")
        try pty.expect("while true do end\r\n")
        Thread.sleep(forTimeInterval: 0.3)   // let the loop run
        let sent = Date()
        pty.send("\u{03}")
        try pty.expect("interrupted", timeout: 5)
        try pty.expect("> ", timeout: 5)
        XCTAssertLessThan(Date().timeIntervalSince(sent), 0.5)
        try pty.waitForLineEditing()
        XCTAssertTrue(try enter(pty, "kept").contains("\"still here\""))
    }

    func testCtrlCStopsALoopInsideACoroutine() throws {
        let pty = try startREPL()
        try enter(pty, "co = coroutine.create(function() while true do end end)")
        pty.send("coroutine.resume(co)\r")
        try pty.expect("coroutine.resume(co)\r\n")
        Thread.sleep(forTimeInterval: 0.3)
        let sent = Date()
        pty.send("\u{03}")
        // The coroutine dies of the interrupt; the main chunk stops too.
        try pty.expect("interrupted", timeout: 5)
        try pty.expect("> ", timeout: 5)
        XCTAssertLessThan(Date().timeIntervalSince(sent), 0.5)
        try pty.waitForLineEditing()
        XCTAssertTrue(try enter(pty, "1 + 1").contains("\r\n2\r\n"))
    }

    func testCtrlCAtThePromptDropsTheLine() throws {
        let pty = try startREPL()
        pty.send("this is not lua")
        try pty.expect("lua")
        pty.send("\u{03}")
        try expectPrompt(pty)
        let out = try enter(pty, "3 * 3")
        XCTAssertTrue(out.contains("\r\n9\r\n"), out)
        XCTAssertFalse(pty.transcript.contains("syntax error"), pty.transcript)
    }

    func testCtrlDOnAContinuationLineEndsTheInputAndTheSessionGoesOn() throws {
        let pty = try startREPL()
        pty.send("for i = 1, 2 do\r")
        try expectPrompt(pty, ">> ")
        pty.send("\u{04}")
        // As lua5.4 and python3 do: the unfinished input is compiled as it stands, Lua says
        // what is missing, and the primary prompt comes back.
        let out = try expectPrompt(pty, "\n> ")
        XCTAssertTrue(out.contains("'end' expected near <eof>"), out)
        XCTAssertTrue(out.contains("Ctrl-D at the > prompt leaves"), out)
        XCTAssertTrue(try enter(pty, "1 + 1").contains("\r\n2\r\n"))
    }

    func testCtrlDLeaves() throws {
        let pty = try startREPL()
        pty.send("\u{04}")
        XCTAssertEqual(pty.waitForExit(), 0)
    }

    func testHelpListsTheCommands() throws {
        let pty = try startREPL()
        let out = try enter(pty, ":help")
        for command in [":load FILE", ":time EXPR", ":save FILE", ":asof", ":quit"] {
            XCTAssertTrue(out.contains(command), "\(command) missing from \(out)")
        }
    }

    func testErrorsAreRedOnATerminal() throws {
        let pty = try startREPL(colours: true)
        XCTAssertTrue(try enter(pty, "error('red')").contains("\u{1B}[31m"))
    }

    func testNoColorTurnsColoursOff() throws {
        let pty = try startREPL(colours: false)
        try enter(pty, "error('plain')")
        XCTAssertFalse(pty.transcript.contains("\u{1B}[31m"), pty.transcript)
    }

    func testAnErrorShowsMessageAndLineAndTheSessionGoesOn() throws {
        let pty = try startREPL()
        try enter(pty, "local n = 5")
        let out = try enter(pty, "local function f() return nil + 1 end f()")
        XCTAssertTrue(out.contains("attempt to perform arithmetic on a nil value"), out)
        XCTAssertTrue(out.contains("1 | local function f()"), out)
        XCTAssertTrue(out.contains("stack traceback:"), out)
        XCTAssertTrue(try enter(pty, "n").contains("\r\n5\r\n"))
    }
}
