import Foundation
import PMOModel
import PMOStore
import PMOWorkspace

/// Creates workspaces on disk: the folders, a commented config file, and an empty store.
public enum WorkspaceTemplate {
    /// The text of a new `pmo.config.lua`, commented so the analyst can edit it without docs.
    public static func configText(_ config: WorkspaceConfig) -> String {
        let asof = config.asof.map { "asof = \"\($0)\"," } ?? "-- asof = \"2026-06-30\","
        return """
            -- pmo workspace settings. A Lua table of data only: it is read with no libraries
            -- and may call no functions (no os, no io); a mistake is reported with its line.
            return {
              -- The SQLite store, relative to this folder. `pmo --store FILE` overrides it.
              store = "\(config.store)",

              -- The date scripts and `pmo check` see the portfolio as of (status reports,
              -- baselines, EV/AC up to it). Comment it out to see everything recorded.
              \(asof)

              -- Defaults for `pmo check`; its --format, --fail-on and --kpi override them.
              report = {
                format = "\(config.report.format)",      -- text, json or junit
                fail_on = "\(config.report.failOn)",       -- red, or amber to fail on amber too
                -- kpis = { "pmo.evm.cpi", "pmo.evm.spi" },   -- omit to check everything
              },

              -- Earned value measures against this baseline number (0 to 10; 0 is MS
              -- Project's Baseline): its budget is BAC, its start and finish the plan's.
              evm = { baseline = \(config.evmBaseline) },

              -- The DCMA 14-point assessment's thresholds (pmo.dcma, docs/dcma.md): shares
              -- as fractions, days in working days; level_of_effort names LOE tasks.
              -- dcma = { logic = 0.05, high_float_days = 44, level_of_effort = "^LOE" },

              -- Jira exports: the store project each Jira project key's work items belong
              -- to (`pmo import export.csv`; --project-id maps every key to one project).
              -- jira = { projects = { WS = "PRJ-007" } },

              -- Rule libraries installed from other PMOs (`pmo lib install` adds them here).
              -- trust = false: sandboxed, with no io/os, a memory cap, an instruction budget
              -- and a read-only store; trust = true: runs as your own scripts do.
              -- sha256: the release's, that of its pack (sha256sum NAME-VERSION.tar.gz).
              libraries = {
                -- { name = "acme.kpis", version = "1.2.0", sha256 = "...", trust = false },
              },
            }

            """
    }

    /// What `rules/README.md` says: how to write a local rule.
    public static let rulesReadme = """
        # Local KPIs and rules

        Every `*.lua` file here is loaded by `pmo check` (as trusted code, in name order)
        after the standard KPIs. Define KPIs and rules with the KPI engine:

        ```lua
        local kpi = require("pmo.kpi")

        kpi.rule {
          id = "local.risk_register", severity = "error", applies_to = "project",
          check = function(p) return #p:risks() > 0, #p:risks() .. " risks" end,
          message = "every project keeps a risk register",
        }
        ```

        `pmo check --kpi local.risk_register` runs just this one.

        """

    /// Creates a workspace in `folder` (made when missing): the config, `data/`, `scripts/`,
    /// `rules/` and an empty store. Refuses a folder that already holds a config file.
    @discardableResult
    public static func create(in folder: String, config: WorkspaceConfig = WorkspaceConfig()) throws -> Workspace {
        let fm = FileManager.default
        let root = Workspace.absolute(folder)
        let configPath = (root as NSString).appendingPathComponent(Workspace.configFileName)
        guard !fm.fileExists(atPath: configPath) else {
            throw WorkspaceError("\(folder) is already a workspace (it has \(Workspace.configFileName)); edit that file, or choose another folder")
        }
        let workspace = Workspace(root: root, config: config)
        for sub in [workspace.dataFolder, workspace.scriptsFolder, workspace.rulesFolder] {
            try fm.createDirectory(atPath: sub, withIntermediateDirectories: true)
        }
        let readme = (workspace.rulesFolder as NSString).appendingPathComponent("README.md")
        if !fm.fileExists(atPath: readme) { try Data(rulesReadme.utf8).write(to: URL(fileURLWithPath: readme)) }
        try fm.createDirectory(atPath: (workspace.storePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = try PortfolioStore(path: workspace.storePath)
        // The config goes last: a folder is a workspace only once everything it names exists.
        try Data(configText(config).utf8).write(to: URL(fileURLWithPath: configPath))
        return workspace
    }
}
