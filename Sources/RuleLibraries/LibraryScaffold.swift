import Foundation

/// Writes a new rule library (`pmo lib new NAME`): a manifest, one module with an example KPI,
/// a spec and a fixture, and a README; the spec passes as created, so `pmo lib test` is green
/// from the first minute and the analyst changes working code rather than a blank page.
///
/// ```swift
/// try LibraryScaffold(name: "acme-delivery").create(in: "acme-delivery")
/// ```
public struct LibraryScaffold {
    /// The library's name, e.g. `acme-delivery`.
    public var name: String

    /// A scaffold for `name`. Throws `LibraryError` when it is not a library name.
    public init(name: String) throws {
        guard LibraryManifest.isLibraryName(name) else {
            throw LibraryError("'\(name)' is not a library name: lower-case letters, digits, '-' and '.', starting with a letter (e.g. acme-delivery)")
        }
        self.name = name
    }

    /// The namespace the library owns: its name with `-` read as `.` (`acme-delivery` owns
    /// `acme.delivery`), digits-only parts prefixed so every part is a valid Lua name.
    public var root: String {
        name.split(whereSeparator: { $0 == "-" || $0 == "." })
            .map { part in part.first!.isLetter ? String(part) : "_" + part }
            .joined(separator: ".")
    }

    /// Relative path to file text.
    public var files: [(path: String, text: String)] {
        let folder = root.replacingOccurrences(of: ".", with: "/")
        return [
            (LibraryManifest.fileName, manifest),
            ("\(folder)/kpis.lua", module),
            ("spec/kpis_spec.lua", spec),
            ("spec/fixtures/projects.lua", fixture),
            ("README.md", readme),
        ]
    }

    /// Creates `folder` (which must not exist or be empty) and writes the files.
    public func create(in folder: String) throws {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: folder), !existing.isEmpty {
            throw LibraryError("\(folder) already exists and is not empty; choose another folder")
        }
        for file in files {
            let path = (folder as NSString).appendingPathComponent(file.path)
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    var manifest: String {
        """
        -- The manifest of the rule library \(name): a Lua table of data only (no functions).
        return {
          name = "\(name)",
          version = "0.1.0",                 -- semantic version: MAJOR.MINOR.PATCH
          summary = "KPIs and rules of \(name)",
          licence = "MIT",
          authors = { "Your Name <you@example.org>" },
          homepage = "https://example.org/\(name)",
          -- Other libraries this one needs: "NAME OP VERSION" with >=, <=, >, <, = or ~>.
          depends = { "pmo >= 1.0" },
          -- The namespaces this library owns: its modules and KPI ids live under them.
          roots = { "\(root)" },
          -- Limits it asks for when run sandboxed.
          limits = { memory_mb = 32, seconds = 5 },
        }

        """
    }

    var module: String {
        """
        --- KPIs of \(name).
        --
        -- Each KPI is declared with pmo.kpi; its formula is a plain function below,
        -- so a spec can check it on fixture numbers without a portfolio.
        local kpi = require("pmo.kpi")

        local M = {}

        --- Earned value over planned value: above 1 is ahead of plan.
        -- Formula: EV / PV; nil when PV is zero or unknown.
        function M.schedule_ratio(ev, pv)
          if type(ev) ~= "number" or type(pv) ~= "number" or pv == 0 then return nil end
          return ev / pv
        end

        kpi.define {
          id = "\(root).schedule_ratio", title = "Schedule ratio (EV / PV)", unit = "ratio",
          applies_to = "project", direction = "higher_is_better",
          formula = "EV / PV",
          source = "PMI, Practice Standard for Earned Value Management (2nd ed., 2011)",
          thresholds = { green = 0.95, amber = 0.85 },
          compute = function(p)
            local e = p:evm()
            return M.schedule_ratio(e.ev, e.pv), { ev = e.ev, pv = e.pv }
          end,
        }

        return M

        """
    }

    var spec: String {
        """
        -- Specs of \(name), run by `pmo lib test`. `pmo` is a demo portfolio of 5 projects;
        -- fixture("projects") reads spec/fixtures/projects.lua.
        local kpis = require("\(root).kpis")
        local kpi = require("pmo.kpi")

        describe("schedule_ratio", function()
          it("matches the fixture's expected ratios", function()
            for _, case in ipairs(fixture("projects")) do
              assert.near(case.expected, kpis.schedule_ratio(case.ev, case.pv), 1e-9, case.id)
            end
          end)

          it("is nil when nothing was planned", function()
            assert.is_nil(kpis.schedule_ratio(10, 0))
          end)
        end)

        describe("the KPI \(root).schedule_ratio", function()
          it("rates every demo project without an error", function()
            local results = kpi.evaluate("\(root).schedule_ratio")
            assert.equal(#pmo.projects(), #results)
            for _, r in ipairs(results) do assert.is_nil(r.error, r.object_id) end
          end)
        end)

        """
    }

    var fixture: String {
        """
        -- Fixture: earned and planned value with the ratio each should give.
        return {
          { id = "on-plan", ev = 100, pv = 100, expected = 1.0 },
          { id = "behind", ev = 80, pv = 100, expected = 0.8 },
          { id = "ahead", ev = 120, pv = 100, expected = 1.2 },
        }

        """
    }

    var readme: String {
        """
        # \(name)

        A pmo rule library. Its KPIs live under `\(root)`.

            pmo lib test            # run spec/*_spec.lua
            pmo lib pack            # a reproducible \(name)-0.1.0.tar.gz
            pmo lib install DIR     # in a workspace: install it from a folder or a pack

        """
    }
}
