import Foundation
import XCTest

/// `pmo init`, workspace discovery, the config file, and which store each command uses.
final class WorkspaceCommandTests: EndToEndCase {
    func testInitCreatesTheConfigTheFoldersAndAnEmptyStore() throws {
        let r = try pmo("init", "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        for item in ["pmo.config.lua", "data/pmo.sqlite", "scripts", "rules"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: path("ws/\(item)")), item)
        }
        XCTAssertEqual(try pmo("eval", "#pmo.projects()", in: "ws").stdout, "0\n")
    }

    func testInitPrintsTheNextSteps() throws {
        let r = try pmo("init", "ws")
        XCTAssertTrue(r.stdout.contains("Next steps:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("pmo import"), r.stdout)
    }

    func testInitRefusesAFolderThatIsAlreadyAWorkspace() throws {
        XCTAssertEqual(try pmo("init", "ws").status, 0)
        let again = try pmo("init", "ws")
        XCTAssertEqual(again.status, 2, "asking to create what exists is a usage error")
        XCTAssertTrue(again.stderr.contains("already a workspace"), again.stderr)
    }

    func testCommandsFindTheWorkspaceFromASubfolder() throws {
        try demoWorkspace(projects: 7)
        let r = try pmo("eval", "#pmo.projects()", in: "ws/scripts")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "7\n")
        XCTAssertEqual(r.stderr, "", "a workspace was found, so no demo notice")
    }

    func testAPlainLuaScriptOutsideAWorkspaceIsAsQuietAsLua() throws {
        try write("print(1 + 1)\n", to: "plain.lua")
        let r = try pmo("run", "plain.lua")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "2\n")
        XCTAssertEqual(r.stderr, "", "no portfolio was touched, so no demo notice")
    }

    func testTheDemoNoticeComesOnceWhenAScriptFirstTouchesThePortfolio() throws {
        try write("print(#pmo.projects()) print(#pmo.projects())\n", to: "demo.lua")
        let r = try pmo("run", "demo.lua")
        XCTAssertEqual(r.stdout, "40\n40\n")
        XCTAssertEqual(r.stderr.components(separatedBy: "no workspace here, using the built-in demo portfolio").count - 1, 1, r.stderr)
    }

    func testRequireOfAMissingModuleSaysWhatLuaSays() throws {
        try write("require('nosuchmod')\n", to: "r.lua")
        let ours = try pmo("run", "r.lua")
        let lua = try PMOProcess.run(["r.lua"], in: folder, executable: "/usr/bin/lua5.4")
        // The places searched, line by line, as the stock interpreter lists them.
        func searched(_ text: String) -> [String] { text.split(separator: "\n").filter { $0.hasPrefix("\t") }.map(String.init).filter { !$0.contains("[C]") && !$0.contains(":1:") } }
        XCTAssertEqual(ours.status, 1)
        XCTAssertFalse(searched(lua.stderr).isEmpty, lua.stderr)
        XCTAssertEqual(searched(ours.stderr), searched(lua.stderr))
    }

    func testWorkspaceOptionNamesTheWorkspace() throws {
        try demoWorkspace(projects: 7)
        XCTAssertEqual(try pmo("eval", "--workspace", "ws", "#pmo.projects()").stdout, "7\n")
    }

    func testPMOWorkspaceVariableNamesTheWorkspace() throws {
        try demoWorkspace(projects: 7)
        XCTAssertEqual(try pmo("eval", "#pmo.projects()", environment: ["PMO_WORKSPACE": path("ws")]).stdout, "7\n")
    }

    func testWorkspaceOptionWinsOverTheVariable() throws {
        try demoWorkspace("a", projects: 3)
        try demoWorkspace("b", projects: 5)
        let r = try pmo("eval", "--workspace", "b", "#pmo.projects()", environment: ["PMO_WORKSPACE": path("a")])
        XCTAssertEqual(r.stdout, "5\n")
    }

    func testStoreOptionOverridesTheWorkspaceStore() throws {
        try demoWorkspace("ws", projects: 7)
        try demoWorkspace("other", projects: 2)
        XCTAssertEqual(try pmo("eval", "--store", path("other/data/pmo.sqlite"), "#pmo.projects()", in: "ws").stdout, "2\n")
    }

    func testWithoutAWorkspaceRunUsesTheDemoAndSaysSoInOneLine() throws {
        let r = try pmo("run", "-", stdin: "print(#pmo.projects())")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "40\n")
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("demo portfolio"), r.stderr)
    }

    func testTheConfigAsofIsTheDateScriptsStartAt() throws {
        try demoWorkspace(projects: 3)
        XCTAssertEqual(try pmo("eval", "tostring(pmo.asof())", in: "ws").stdout, "2026-09-30\n")
    }

    func testAMalformedConfigExitsThreeNamingFileAndLine() throws {
        try write("return {\n  store = \"data/pmo.sqlite\",\n  report = { fail_on = \"red\" \n", to: "ws/pmo.config.lua")
        let r = try pmo("eval", "1", in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("pmo.config.lua:4:"), r.stderr)
    }

    func testTheConfigCannotReachOs() throws {
        try write("os.execute('touch pwned')\nreturn {}\n", to: "ws/pmo.config.lua")
        let r = try pmo("eval", "1", in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("pmo.config.lua:1: attempt to index a nil value (global 'os')"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("ws/pwned")))
    }

    func testAConfigFieldOfTheWrongTypeNamesFieldAndLine() throws {
        try write("return {\n  store = \"data/pmo.sqlite\",\n  report = { fail_on = \"blue\" },\n}\n", to: "ws/pmo.config.lua")
        let r = try pmo("eval", "1", in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("pmo.config.lua:3: field 'report.fail_on': expected \"red\" or \"amber\", got \"blue\""), r.stderr)
    }

    func testAnUnknownConfigFieldIsAnError() throws {
        try write("return { stor = \"x.sqlite\" }\n", to: "ws/pmo.config.lua")
        let r = try pmo("eval", "1", in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("field 'stor': unknown field"), r.stderr)
    }

    func testAConfigThatLoopsIsStopped() throws {
        try write("while true do end\n", to: "ws/pmo.config.lua")
        let r = try pmo("eval", "1", in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("instructions"), r.stderr)
    }

    func testAWorkspaceOptionThatIsNotAWorkspaceIsAUsageError() throws {
        try FileManager.default.createDirectory(atPath: path("empty"), withIntermediateDirectories: true)
        let r = try pmo("eval", "--workspace", "empty", "1")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("is not a workspace"), r.stderr)
    }

    func testAMissingWorkspaceStoreIsADataError() throws {
        XCTAssertEqual(try pmo("init", "ws").status, 0)
        try FileManager.default.removeItem(atPath: path("ws/data/pmo.sqlite"))
        let r = try pmo("eval", "#pmo.projects()", in: "ws")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("no such store"), r.stderr)
    }

    func testAnUnreadableStoreIsADataError() throws {
        try write("this is not SQLite\n", to: "junk.sqlite")
        let r = try pmo("eval", "--store", "junk.sqlite", "#pmo.projects()")
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("junk.sqlite"), r.stderr)
    }

    func testDemoWritesAWorkspaceAsOfItsStatusDate() throws {
        try demoWorkspace(projects: 3)
        let config = try String(contentsOfFile: path("ws/pmo.config.lua"), encoding: .utf8)
        XCTAssertTrue(config.contains("asof = \"2026-09-30\""), config)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("ws/data/csv/projects.csv")))
    }
}

/// The demo workspace carries the example scripts, byte for byte, ready to run.
final class DemoScriptsTests: EndToEndCase {
    func testTheDemoWorkspaceHoldsTheExampleScriptsUnchanged() throws {
        try demoWorkspace(projects: 3)
        let examples = try FileManager.default.contentsOfDirectory(atPath: PMOProcess.root.appendingPathComponent("scripts").path)
            .filter { $0.hasSuffix(".lua") || $0.hasSuffix(".csv") }.sorted()
        XCTAssertGreaterThanOrEqual(examples.count, 11, "the example scripts of issue 6, the report example, current-state.lua and its survey")
        XCTAssertTrue(examples.contains("current-state-survey.csv"), "\(examples)")
        for name in examples {
            XCTAssertEqual(FileManager.default.contents(atPath: path("ws/scripts/\(name)")),
                           FileManager.default.contents(atPath: PMOProcess.script(name)), name)
        }
    }

    func testADemoScriptRunsFromTheWorkspace() throws {
        try demoWorkspace()
        let r = try pmo("run", "scripts/risk-heatmap.lua", in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("53 open risks in 30 projects"), r.stdout)
    }

    func testDemoKeepsAScriptTheAnalystChanged() throws {
        try demoWorkspace(projects: 3)
        try write("print('mine')\n", to: "ws/scripts/evm-report.lua")
        XCTAssertEqual(try pmo("demo", "--projects", "3", "--force", "ws").status, 0)
        XCTAssertEqual(try String(contentsOfFile: path("ws/scripts/evm-report.lua"), encoding: .utf8), "print('mine')\n")
    }
}
