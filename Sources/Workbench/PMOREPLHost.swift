import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOWorkspace
import REPL

/// The REPL's host when a store is open: installs the `pmo` module, prints domain objects as
/// compact summaries and lists of them as tables, serves `:help` from the stdlib's doc comments (`pmo.doc`), lists KPIs
/// and rules from `pmo.kpi`, completes KPI ids, and sets the session's as-of date.
public final class PMOREPLHost: REPLHost {
    let session: PMOSession
    let asof: Day?
    let libraries: [WorkspaceConfig.Library]
    let definitions: SessionDefinitions?
    public let banner: String?
    /// pmo's names: the `pmo` program (history in `~/.local/state/pmo`), sessions saved for
    /// `pmo run`, the printer as `require "pmo.pretty"`.
    public static let identity = REPLIdentity(program: "pmo", runCommand: "pmo run", modulePrefix: "pmo")
    public var identity: REPLIdentity { Self.identity }

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
        if let asof { try Self.function("asof", in: lua).call(asof.description) }
        try Self.registerSummaries(lua: lua, printer: printer)
        try Self.function("allow_completion", in: lua).call()
    }

    /// The function `name` of the host's Lua half (Lua/replhost.lua), loaded into `lua`.
    static func function(_ name: String, in lua: LuaState) throws -> LuaFunction {
        let module = try REPLEmbeddedLua.load(source: EmbeddedLua.replhost.source, name: EmbeddedLua.replhost.name, in: lua)
        guard let f = module[name].functionValue else {
            throw LuaError(kind: .runtime, message: "replhost.lua has no function \(name)")
        }
        return f
    }

    /// Makes the printer show domain objects as compact summaries and lists of them as tables
    /// (the REPL, `pmo eval` and `pmo run`'s `require "pmo.pretty"` print alike). Needs the
    /// `pmo` module installed in `lua`.
    static func registerSummaries(lua: LuaState, printer: REPLPrinter) throws {
        try lua.load(EmbeddedLua.summaries.source, name: EmbeddedLua.summaries.name).call(printer.module)
    }

    public func helpTopics(lua: LuaState) -> [REPLHelpTopic] {
        let r = try? Self.function("help_topics", in: lua).call()
        return (r?.first?.tableValue?.array ?? []).compactMap { v in
            guard let t = v.tableValue, let n = t[1].stringValue else { return nil }
            return REPLHelpTopic(name: n, summary: t[2].stringValue ?? "", body: t[3].stringValue ?? "")
        }
    }

    public func helpText(for name: String, lua: LuaState) -> String? {
        let text = try? Self.function("help", in: lua).call(name).first
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
        let r = try Self.function("listing", in: lua).call(wanted)
        return (r.first?.tableValue?.array ?? []).compactMap { v in
            guard let t = v.tableValue, let id = t[1].stringValue else { return nil }
            return REPLListingItem(id: id, title: t[2].stringValue ?? "", detail: t[3].stringValue ?? "")
        }
    }

    public func completions(for word: String, lua: LuaState) -> [String] {
        let ids = try? Self.function("kpi_ids", in: lua).call()
        return (ids?.first?.tableValue?.array ?? []).compactMap(\.stringValue).filter { $0.hasPrefix(word) }
    }

    /// Projects read before the date changed keep answering for their own date (their
    /// fields, `p:evm()` and relations are one picture) and print as stale: said once here.
    public func asOfNote(lua: LuaState) -> String? {
        guard let dates = try? Self.function("other_read_dates", in: lua).call().first?.tableValue?.array,
              !dates.isEmpty else { return nil }
        let list = dates.compactMap(\.stringValue).joined(separator: ", ")
        return "projects read before keep answering as of \(list) (printed, they say stale); read them again (pmo.project(id), pmo.projects()) for the new date"
    }

    /// The days `pmo.asof` takes: `Day`'s.
    public func asOfDate(_ text: String) -> String? {
        Day(text)?.description
    }

    public func setAsOf(_ date: String?, lua: LuaState) throws -> String? {
        try Self.function("asof", in: lua).call(date)
        // The statement `:save` writes to replay it.
        return date.map { "pmo.asof('\($0)')" } ?? "pmo.asof(nil)"
    }
}
