import ArgumentParser
import Foundation
import RuleLibraries
import Workbench

struct LibTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a library's spec/*_spec.lua (describe/it/assert, as busted); exit 1 on a failure.",
        discussion: """
            Loads the library's modules (its KPIs and rules, under its roots only), then \
            runs each spec file with describe, it, before_each, after_each, pending, \
            assert (equal, same, near, truthy, falsy, is_nil, is_not_nil, is_true, \
            is_false, has_error) and fixture("name"), which reads spec/fixtures/name.lua \
            as data. An installed library that pmo.config.lua does not trust runs in the \
            sandbox worker (no io, os, debug; the workspace's limits), as `pmo check` runs \
            it; a folder of your own runs in pmo. `pmo` is a demo portfolio of 5 projects (seed 1) as of 2026-09-30, so \
            results are the same on every machine.

            Formats: text (one line per test and a summary), tap (TAP version 13), junit \
            (JUnit XML for CI). Exit status: 0 when every test passed, 1 when one failed \
            or raised, 3 when the manifest cannot be read.

            Examples:
              pmo lib test acme-delivery --format junit > spec.xml
              cd acme-delivery && pmo lib test
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, tap, junit
    }

    @Argument(help: "A library folder, or an installed library's name (default: the current folder).")
    var dir: String = "."

    @Option(help: "text, tap or junit.")
    var format: Format = .text

    func run() throws {
        let library = try openLibrary(dir)
        let results: [SpecResult]
        do {
            let policy = SandboxedLibraryRun.policy(for: library)
            if policy.sandboxed {
                results = try SandboxedLibraryRun(library: library, ceiling: policy.ceiling).specs()
            } else {
                results = try LibrarySpecRunner(library: library).run()
            }
        } catch {
            throw fail("cannot run the specs of \(library.manifest.name): \(error)", ExitStatus.scriptError)
        }
        let text: String
        switch format {
        case .tap: text = SpecReport.tap(results)
        case .junit: text = SpecReport.junit(results, suite: library.manifest.name)
        case .text: text = SpecReport.text(results)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if results.isEmpty || results.contains(where: \.isFailure) { throw ExitCode(ExitStatus.scriptError) }
    }
}
