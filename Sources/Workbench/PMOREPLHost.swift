import Foundation
import LuaKit
import PMOModel
import PMOScripting

/// The REPL's host when a store is open: installs the `pmo` module, prints domain objects as
/// compact summaries and lists of them as tables, serves `:help` from `pmo.help`, lists KPIs
/// and rules from `pmo.kpi`, completes KPI ids, and sets the session's as-of date.
public final class PMOREPLHost: REPLHost {
    let session: PMOSession
    let asof: Day?
    let libraries: [WorkspaceConfig.Library]
    let definitions: SessionDefinitions?
    public let banner: String?

    /// A host on `session`; `banner` says which store is open; `asof` is the session's
    /// starting as-of date (the workspace's), nil for "now"; `libraries` are the workspace's
    /// installed rule libraries, for `:libs`; `definitions` the workspace's KPIs and rules
    /// beyond the standard ones (loaded on first use of `pmo.kpi`, `:kpis` included).
    public init(session: PMOSession, banner: String?, asof: Day? = nil, libraries: [WorkspaceConfig.Library] = [],
                definitions: SessionDefinitions? = nil) {
        self.session = session
        self.banner = banner
        self.asof = asof
        self.libraries = libraries
        self.definitions = definitions
    }

    public func prepare(lua: LuaState, printer: REPLPrinter) throws {
        try session.install(in: lua)
        try definitions?.install(in: lua, today: session.today?.description)
        if let asof { try lua.load("pmo.asof(...)", name: "=(asof)").call(asof.description) }
        try Self.registerSummaries(lua: lua, printer: printer)
        // Completion may call the domain's read-only functions (pmo.readonly: queries,
        // relations, computed values) to complete on their results, and nothing else.
        try lua.run("require('pmo.complete').allow(pmo.readonly)", name: "=(repl host)")
    }

    /// Makes the printer show domain objects as compact summaries and lists of them as tables
    /// (the REPL, `pmo eval` and `pmo run`'s `require "pmo.pretty"` print alike). Needs the
    /// `pmo` module installed in `lua`.
    static func registerSummaries(lua: LuaState, printer: REPLPrinter) throws {
        try lua.load(summariesSource, name: "=(repl host)").call(printer.module)
    }

    /// Lua, called with the pmo.pretty module: registers the summaries and table columns per
    /// kind, written in Lua so analysts can change them; figures read as every writer shows
    /// them (pmo.format).
    static let summariesSource = """
            local pretty = ...
            local pmo, format = require("pmo"), require("pmo.format")
            local function money(v) return format.value(v, "money", { missing = "-" }) end
            local function ratio(v) return format.value(v, "ratio", { missing = "-" }) end
            local columns = {
              project = { "id", "name", "phase", "manager", "bac" },
              portfolio = { "id", "name" }, program = { "id", "name", "portfolio_id" },
              risk = { "id", "project_id", "title", "probability", "impact_cost", "status" },
              status_report = { "project_id", "report_date", "overall", "summary" },
              resource = { "id", "name", "role", "capacity_hours" },
              milestone = { "id", "project_id", "name", "baseline_date", "forecast_date", "actual_date" },
            }
            for name, k in pairs(pmo.kinds) do
              local summary
              if name == "project" then
                summary = function(p)
                  local e = p:evm()
                  local stale = pmo.stale(p)
                  return string.format("Project %s %q [%s] BAC %s CPI %s SPI %s", p.id, p.name or "", p.phase or "?",
                    money(e.bac), ratio(e.cpi), ratio(e.spi)) .. (stale and " [stale: " .. stale .. "]" or "")
                end
              else
                summary = function(o) return tostring(o) end
              end
              pretty.register(k.mt, summary, columns[name])
            end
            """

    public func helpTopics(lua: LuaState) -> [REPLHelpTopic] {
        let r = try? lua.run("""
            local help, out = require("pmo.help"), {}
            local names = {}
            for k in pairs(help.topics) do names[#names + 1] = k end
            for k in pairs(help.functions) do names[#names + 1] = k end
            for k in pairs(help.methods) do names[#names + 1] = k end
            for k in pairs(help.modules) do names[#names + 1] = k end
            table.sort(names)
            for _, n in ipairs(names) do
              local text = help.lookup(n)
              out[#out + 1] = { n, (text:match("^[^\\n]*")), text }
            end
            local ok, kpi = pcall(require, "pmo.kpi")
            if ok and kpi.list then
              for _, d in ipairs(kpi.list()) do
                out[#out + 1] = { d.id, d.title or d.id, kpi.describe and kpi.describe(d.id) or (d.title or d.id) }
              end
            end
            return out
            """, name: "=(help)")
        return (r?.first?.tableValue?.array ?? []).compactMap { v in
            guard let t = v.tableValue, let n = t[1].stringValue else { return nil }
            return REPLHelpTopic(name: n, summary: t[2].stringValue ?? "", body: t[3].stringValue ?? "")
        }
    }

    public func helpText(for name: String, lua: LuaState) -> String? {
        let text = try? lua.load("return require('pmo.help').lookup(...)", name: "=(help)").call(name).first
        return text?.stringValue
    }

    public func listing(_ kind: REPLListingKind, lua: LuaState) throws -> [REPLListingItem] {
        if kind == .libraries {
            return libraries.map { lib in
                REPLListingItem(id: lib.name, title: lib.source ?? "",
                                detail: "v\(lib.version), \(lib.trust == .trusted ? "trusted" : "sandboxed")")
            }
        }
        let wanted = kind == .kpis ? "kpi" : "rule"
        let r = try lua.run("""
            local kpi = require("pmo.kpi")
            local out = {}
            for _, d in ipairs(kpi.list()) do
              if d.kind == "\(wanted)" then
                out[#out + 1] = { d.id, d.title or "", (d.unit or d.severity or "") .. (d.version and (" v" .. d.version) or "")
                  .. (d.sandboxed and ", sandboxed" or "") }
              end
            end
            return out
            """, name: "=(listing)")
        return (r.first?.tableValue?.array ?? []).compactMap { v in
            guard let t = v.tableValue, let id = t[1].stringValue else { return nil }
            return REPLListingItem(id: id, title: t[2].stringValue ?? "", detail: t[3].stringValue ?? "")
        }
    }

    public func completions(for word: String, lua: LuaState) -> [String] {
        let ids = try? lua.run("""
            local ok, kpi = pcall(require, "pmo.kpi")
            local out = {}
            if ok and kpi.list then for _, d in ipairs(kpi.list()) do out[#out + 1] = d.id end end
            return out
            """, name: "=(complete)")
        return (ids?.first?.tableValue?.array ?? []).compactMap(\.stringValue).filter { $0.hasPrefix(word) }
    }

    /// Projects read before the date changed keep answering for their own date (their
    /// fields, `p:evm()` and relations are one picture) and print as stale: said once here.
    public func asOfNote(lua: LuaState) -> String? {
        guard let dates = try? lua.run("return pmo._other_read_dates()", name: "=(asof)").first?.tableValue?.array,
              !dates.isEmpty else { return nil }
        let list = dates.compactMap(\.stringValue).joined(separator: ", ")
        return "projects read before keep answering as of \(list) (printed, they say stale); read them again (pmo.project(id), pmo.projects()) for the new date"
    }

    public func setAsOf(_ date: Day?, lua: LuaState) throws -> String? {
        let statement = date.map { "pmo.asof('\($0)')" } ?? "pmo.asof(nil)"
        try lua.run(statement, name: "=(asof)")
        return statement
    }
}
