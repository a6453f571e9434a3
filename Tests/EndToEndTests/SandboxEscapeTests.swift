import Foundation
import XCTest

/// Issue 21 through the real binary: untrusted library code never runs outside the sandbox
/// worker, whatever `pmo lib` command touches it; limits and bad options are clean errors; one
/// failing sandboxed library does not take the others' results with it.
final class SandboxEscapeTests: EndToEndCase {
    func read(_ relative: String) -> String {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Lua that writes two marker files (with io, and with os.execute) when it runs with them.
    func hostileLines() -> String {
        """
        local f = io.open("\(path("MARKER-io"))", "w"); f:write("escaped"); f:close()
        os.execute("touch \(path("MARKER-os"))")

        """
    }

    func markers() -> [String] {
        ["MARKER-io", "MARKER-os"].filter { FileManager.default.fileExists(atPath: path($0)) }
    }

    /// acme-delivery, its kpis.lua and spec starting with the hostile lines, installed
    /// (untrusted) into the 5-project demo workspace ws.
    func installHostileLibrary() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        for file in ["acme-delivery/acme/delivery/kpis.lua", "acme-delivery/spec/kpis_spec.lua"] {
            try write(hostileLines() + read(file), to: file)
        }
        try demoWorkspace("ws", projects: 5)
        let r = try pmo("lib", "install", path("acme-delivery"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testAHostileLibrarysCodeNeverRunsUnsandboxedUnderAnyCommand() throws {
        try installHostileLibrary()
        let commands: [[String]] = [
            ["lib", "list"], ["lib", "info", "acme-delivery"], ["lib", "verify"], ["lib", "doc", "acme-delivery"],
            ["lib", "test", "acme-delivery"], ["check"], ["lib", "pack", "libs/acme-delivery", "-o", "p.tar.gz"],
            ["lib", "update", "acme-delivery"],
        ]
        for command in commands {
            _ = try PMOProcess.run(command, in: path("ws"))
            XCTAssertEqual(markers(), [], "pmo \(command.joined(separator: " ")) ran the library's code unsandboxed")
        }
        // Inside the installed library's folder too.
        for command in [["lib", "test"], ["lib", "doc"]] {
            _ = try PMOProcess.run(command, in: path("ws/libs/acme-delivery"))
            XCTAssertEqual(markers(), [], "pmo \(command.joined(separator: " ")) in libs/acme-delivery ran it unsandboxed")
        }
        _ = try pmo("lib", "remove", "acme-delivery", in: "ws")
        XCTAssertEqual(markers(), [])
    }

    func testLibTestOfAnUntrustedLibrarySaysWhySandboxedCodeFailed() throws {
        try installHostileLibrary()
        let r = try pmo("lib", "test", "acme-delivery", in: "ws")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("attempt to index a nil value (global 'io')"), r.stdout + r.stderr)
    }

    func testLibDocOfAnUntrustedLibrarySaysWhySandboxedCodeFailed() throws {
        try installHostileLibrary()
        let r = try pmo("lib", "doc", "acme-delivery", in: "ws")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("(sandboxed) does not load") && r.stderr.contains("global 'io'"), r.stderr)
    }

    func testLibDocAndTestOfAWellBehavedUntrustedLibraryWorkInTheSandbox() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        try demoWorkspace("ws", projects: 5)
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws").status, 0)
        let tested = try pmo("lib", "test", "acme-delivery", in: "ws")
        XCTAssertEqual(tested.status, 0, tested.stdout + tested.stderr)
        XCTAssertTrue(tested.stdout.contains("3 passed, 0 failed, 0 errors"), tested.stdout)
        let doc = try pmo("lib", "doc", "acme-delivery", in: "ws")
        XCTAssertEqual(doc.status, 0, doc.stderr)
        XCTAssertTrue(doc.stdout.contains("`acme.delivery.schedule_ratio`: Schedule ratio"), doc.stdout)
    }

    func testAbsurdManifestLimitsAreRefusedAtInstallLeavingNoEmptyLibsFolder() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        let manifest = read("acme-delivery/pmo-lib.lua")
        try write(manifest.replacingOccurrences(of: "limits = { memory_mb = 32, seconds = 5 }", with: "limits = { instructions = 1e19 }"),
                  to: "acme-delivery/pmo-lib.lua")
        try demoWorkspace("ws", projects: 5)
        let r = try pmo("lib", "install", path("acme-delivery"), in: "ws")
        XCTAssertNotEqual(r.status, 0)
        XCTAssertNotEqual(r.status, 132, "a trap")
        XCTAssertTrue(r.stderr.contains("limits.instructions") && r.stderr.contains("too large"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("ws/libs")), "an empty libs/ was left behind")
    }

    func testManifestLimitsAboveTheCeilingAreLoweredWithANote() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        let manifest = read("acme-delivery/pmo-lib.lua")
        try write(manifest.replacingOccurrences(of: "limits = { memory_mb = 32, seconds = 5 }", with: "limits = { memory_mb = 1000000, seconds = 86400, instructions = 1e15 }"),
                  to: "acme-delivery/pmo-lib.lua")
        try demoWorkspace("ws", projects: 5)
        let r = try pmo("lib", "install", path("acme-delivery"), in: "ws")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("memory_mb = 1000000 (at most 64)"), r.stderr)
    }

    func testOneFailingSandboxedLibraryLeavesEveryOtherResult() throws {
        XCTAssertEqual(try pmo("lib", "new", "acme-delivery").status, 0)
        XCTAssertEqual(try pmo("lib", "new", "acme-bad").status, 0)
        // A message handler that loops with hooks off: only the parent's kill stops it.
        try write("xpcall(error, function() while true do end end)\n" + read("acme-bad/acme/bad/kpis.lua"),
                  to: "acme-bad/acme/bad/kpis.lua")
        let manifest = read("acme-bad/pmo-lib.lua")
        try write(manifest.replacingOccurrences(of: "limits = { memory_mb = 32, seconds = 5 }", with: "limits = { seconds = 0.3 }"),
                  to: "acme-bad/pmo-lib.lua")
        try demoWorkspace("ws", projects: 5)
        XCTAssertEqual(try pmo("lib", "install", path("acme-bad"), in: "ws").status, 0)
        XCTAssertEqual(try pmo("lib", "install", path("acme-delivery"), in: "ws").status, 0)
        let r = try pmo("check", "--format", "json", in: "ws")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"acme.delivery.schedule_ratio\""), r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("\"pmo.evm.cpi\""), r.stdout)
        XCTAssertTrue(r.stdout.contains("library acme-bad failed in the sandbox: killed error"), r.stdout)
    }

    func testTimeoutInfIsAUsageErrorNamingTheOption() throws {
        try write("return 1", to: "one.lua")
        let r = try pmo("run", "--sandbox", "--timeout", "inf", "one.lua")
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("--timeout must be a positive, finite number of seconds"), r.stderr)
        XCTAssertFalse(r.stderr.contains("EncodingError"), r.stderr)
    }

    func testSandboxedPrintCannotSendTerminalControlSequences() throws {
        try write(#"print("a\27]52;c;cGF5bG9hZA==\7b\27[2Jc\155d")"#, to: "osc.lua")
        let r = try pmo("run", "--sandbox", "osc.lua")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.contains("\u{1B}"), "an ESC reached the terminal: \(r.stdout.debugDescription)")
        XCTAssertFalse(r.stdout.contains("\u{07}"))
        XCTAssertTrue(r.stdout.contains(#"a\27]52;c;cGF5bG9hZA==\7b\27[2Jc"#), r.stdout.debugDescription)
    }

    func testSandboxedErrorMessagesCannotSendTerminalControlSequences() throws {
        try write(#"error("x\27[2Jy")"#, to: "err.lua")
        let r = try pmo("run", "--sandbox", "err.lua")
        XCTAssertEqual(r.status, 1)
        XCTAssertFalse(r.stderr.contains("\u{1B}"), r.stderr.debugDescription)
        XCTAssertTrue(r.stderr.contains(#"x\27[2Jy"#), r.stderr.debugDescription)
    }
}
