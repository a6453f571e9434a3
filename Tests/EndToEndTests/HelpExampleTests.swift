import Foundation
import XCTest

/// Every example in `pmo --help` and in every subcommand's `--help` runs as written.
///
/// The scenario is the one the help texts tell: an empty home folder in which the tour of
/// `pmo --help` makes the demo workspace `~/my-pmo`. Each help text's examples then run in one
/// shell, in the order below (so a `cd` lasts until that text's last example), starting in the
/// home folder for the tour and for writing libraries (`lib`, `lib new|test|pack|doc`), and in
/// `~/my-pmo` for every command that works on a workspace. `pmo` is the binary under test.
///
/// Each example must exit 0, except that `pmo check` exits 1 when a KPI breaches, its
/// documented verdict (the demo portfolio is built with red projects): there, the check must
/// have run (no error on stderr).
final class HelpExampleTests: EndToEndCase {
    /// Every command with a help text, in the order their examples run, and where they start
    /// ("~": the home folder, "~/my-pmo": the demo workspace).
    static let order: [(command: [String], start: String)] = [
        ([], "~"), (["init"], "~/my-pmo"), (["demo"], "~/my-pmo"), (["run"], "~/my-pmo"),
        (["eval"], "~/my-pmo"), (["check"], "~/my-pmo"), (["diff"], "~/my-pmo"), (["export"], "~/my-pmo"),
        (["import"], "~/my-pmo"), (["repl"], "~/my-pmo"),
        (["lib"], "~"), (["lib", "new"], "~"), (["lib", "test"], "~"), (["lib", "pack"], "~"),
        (["lib", "install"], "~/my-pmo"), (["lib", "list"], "~/my-pmo"), (["lib", "info"], "~/my-pmo"),
        (["lib", "verify"], "~/my-pmo"), (["lib", "update"], "~/my-pmo"), (["lib", "doc"], "~"),
        (["lib", "remove"], "~/my-pmo"),
    ]

    /// The subcommands a help text lists (its SUBCOMMANDS section), first words only.
    private func subcommands(_ help: String) -> [String] {
        guard let section = help.components(separatedBy: "SUBCOMMANDS:").dropFirst().first else { return [] }
        return section.components(separatedBy: "\n").compactMap { line in
            // A subcommand line is indented by two spaces; its description's wrapped lines by more.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }.filter { $0 != "See" }
    }

    /// The examples of a help text: the lines after "Example:" or "Examples:" up to a blank
    /// line. A line that is not indented continues the one before (the help is wrapped at
    /// the terminal's width, at a space).
    static func examples(_ help: String) -> [String] {
        var out: [String] = []
        var inside = false
        for line in help.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "Examples:" || trimmed == "Example:" { inside = true; continue }
            guard inside else { continue }
            if trimmed.isEmpty { inside = false; continue }
            if line.hasPrefix(" ") || out.isEmpty {
                out.append(trimmed)
            } else {
                out[out.count - 1] += " " + trimmed
            }
        }
        return out
    }

    func testEveryHelpExampleRunsAsWritten() throws {
        let home = path("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let binDir = PMOProcess.binary.deletingLastPathComponent().path
        let env = ["HOME": home, "PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                   "NO_COLOR": "1"]

        // Every command with a help text is in the order above, and nothing else.
        let top = try PMOProcess.run(["--help"], in: home).stdout
        let lib = try PMOProcess.run(["lib", "--help"], in: home).stdout
        let listed = [[]] + subcommands(top).map { [$0] } + subcommands(lib).map { ["lib", $0] }
        XCTAssertEqual(Set(listed.map { $0.joined(separator: " ") }),
                       Set(Self.order.map { $0.command.joined(separator: " ") }),
                       "a command's examples need a place in HelpExampleTests.order")

        var ran = 0
        for (command, start) in Self.order {
            let help = try PMOProcess.run(command + ["--help"], in: home).stdout
            let examples = Self.examples(help)
            guard !examples.isEmpty else { continue }
            let label = (["pmo"] + command + ["--help"]).joined(separator: " ")
            // One shell per help text: each example in a { } group (the current shell, so a
            // `cd` lasts) whose stderr goes to a file of its own, then its exit status.
            let statusFile = path("status-\(ran)")
            var script = "cd \(start.replacingOccurrences(of: "~", with: "\"$HOME\"")) || exit 99\n"
            for (i, example) in examples.enumerated() {
                script += "{\n\(example)\n} 2> '\(path("stderr-\(ran)-\(i)"))'\necho $? >> '\(statusFile)'\n"
            }
            let r = try PMOProcess.run(["-c", script], in: home, environment: env, executable: "/bin/sh")
            let statuses = ((try? String(contentsOfFile: statusFile, encoding: .utf8)) ?? "")
                .split(separator: "\n").compactMap { Int32($0) }
            XCTAssertEqual(statuses.count, examples.count, "\(label): not every example ran\n\(r.stdout)\n\(r.stderr)")
            for (i, (example, status)) in zip(examples, statuses).enumerated() {
                let stderr = (try? String(contentsOfFile: path("stderr-\(ran)-\(i)"), encoding: .utf8)) ?? ""
                let breachVerdict = status == 1 && example.hasPrefix("pmo check")
                XCTAssertTrue(status == 0 || breachVerdict,
                              "\(label): `\(example)` exited \(status)\nstderr:\n\(stderr)\nstdout of the examples:\n\(r.stdout)")
                if breachVerdict { XCTAssertEqual(stderr, "", "\(label): `\(example)`") }
            }
            ran += examples.count
        }
        XCTAssertGreaterThan(ran, 30)
    }
}
