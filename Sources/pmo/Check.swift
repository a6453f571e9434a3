import ArgumentParser
import Foundation
import PMOModel
import PMOWorkspace
import REPL
import RuleLibraries
import Workbench

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate the KPIs and rules over the workspace; exit 1 when something breaches.",
        discussion: """
            Loads the standard KPIs and control-tower rules (stdlib pmo.kpis), then every \
            installed rule library (libs/, each verified against pmo.lock.lua: a changed \
            file is refused, naming it; those pmo.config.lua does not mark trust = true \
            run in the sandbox worker, reading the store read-only), then every \
            rules/*.lua of the workspace in name order (your own definitions, made with \
            require("pmo.kpi").define{...} and .rule{...}; see docs/kpis.md), evaluates them \
            on every object they apply to (projects: the active ones, initiation to closing, \
            unless a definition's scope says otherwise), and prints a summary. The REPL, \
            pmo run and pmo eval load the same definitions on their first use of pmo.kpi. \
            The standard set includes the DCMA 14-point schedule assessment (pmo.dcma.*) and \
            GAO's schedule best practices (pmo.gao.*) as warning rules, run when asked for: \
            --kpi pmo.dcma, --kpi pmo.gao (docs/dcma.md).

            A result breaches when, with --fail-on red (the default): a KPI is red, a rule \
            of severity "error" fails, or a KPI's or rule's function raises an error. With \
            --fail-on amber, amber KPIs and failed "warning" rules breach too. The exit \
            status is 0 when nothing breaches and 1 when something does, for CI pipelines \
            and cron; 2 for an unknown --kpi id; 3 when the store or config cannot be read.

            Formats: text (for people; coloured on a terminal unless NO_COLOR is set), json \
            (every result, keys sorted, results ordered by id and object: diffable), junit \
            (JUnit XML for CI dashboards: a test suite per KPI or rule, a test case per \
            object, a failure per breach, an error per KPI that failed to compute).
            Defaults for --format, --fail-on and --kpi come from the workspace's \
            pmo.config.lua (report = {...}); --asof defaults to its asof.

            Examples:
              pmo check
              pmo check --kpi pmo.evm.cpi --kpi pmo.evm.spi --explain
              pmo check --kpi pmo.dcma --kpi pmo.gao --fail-on amber
              pmo check --fail-on amber --format junit > kpis.xml
              pmo check --asof 2026-06-30 --format json
            """
    )

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit
    }

    /// The levels that fail the check.
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case red, amber
    }

    @Option(name: .customLong("kpi"), help: ArgumentHelp("A KPI or rule id to evaluate, or a dotted prefix selecting the ids under it (pmo.dcma: the DCMA 14-point assessment); repeat for more (default: all).", valueName: "id"))
    var kpis: [String] = []

    @Option(help: "red (red KPIs, failed error rules, errors) or amber (also amber KPIs and failed warning rules).")
    var failOn: FailOn?

    @Option(help: "text, json or junit.")
    var format: Format?

    @Option(help: ArgumentHelp("Judge the portfolio as of this date, yyyy-mm-dd (default: the config's asof, else today).", valueName: "date"))
    var asof: String?

    @Flag(help: "Text format: print each breach's explanation (value, thresholds, inputs, source).")
    var explain = false

    @OptionGroup var where_: WorkspaceOptions

    func validate() throws {
        if let asof, Day(asof) == nil { throw ValidationError("--asof: expected a date as yyyy-mm-dd, got '\(asof)'") }
    }

    func run() throws {
        let context = try where_.requiredContext(for: "check")
        let session = try reportingFailures { try context.openedSession() }
        let defaults = context.workspace?.config.report ?? WorkspaceConfig.ReportDefaults()
        let failOn = self.failOn?.rawValue ?? defaults.failOn
        let format = self.format ?? Format(rawValue: defaults.format) ?? .text
        let ids = kpis.isEmpty ? (defaults.kpis.isEmpty ? nil : defaults.kpis) : kpis
        var check = KPICheck(session: session, ruleFiles: context.workspace?.ruleFiles() ?? [])
        if let workspace = context.workspace, case .file(let store) = context.store {
            let (trusted, sandboxed) = try reportingFailures { try LibraryInstaller(workspace: workspace).loaders(store: store) }
            check.libraries = trusted
            check.sandboxed = sandboxed
        }
        let report: CheckReport
        do {
            report = try reportingFailures {
                try check.run(ids: ids, asof: asof ?? context.workspace?.config.asof?.description, failOn: failOn)
            }
        } catch KPICheck.Failure.unknownIds(let unknown, let known) {
            throw fail(KPICheck.Failure.unknownIds(unknown, known: known).description, ExitStatus.usage)
        } catch KPICheck.Failure.script(let message) {
            throw fail(message, ExitStatus.scriptError)
        }
        let text: String
        switch format {
        case .text: text = CheckTextFormat(palette: Palette(for: Terminal.standardOutput), explain: explain).render(report)
        case .json: text = try CheckJSONFormat.render(report)
        case .junit: text = CheckJUnitFormat.render(report)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if report.failed { throw ExitCode(ExitStatus.scriptError) }
    }
}
