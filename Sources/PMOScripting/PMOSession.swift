import Foundation
import GRDB
import LuaKit
import PMOModel
import PMOStore

/// Binds a Lua state to an open store: installs the embedded stdlib and the `pmo` module
/// (global `pmo`), whose Lua half (`stdlib/pmo/init.lua`) builds the scripting API on the
/// host functions installed here.
///
/// ```swift
/// let lua = try LuaState()
/// let session = try PMOSession(store: try PortfolioStore.demo(projects: 40, seed: 1))
/// try session.install(in: lua)
/// try lua.run("print(#pmo.projects())")
/// ```
public final class PMOSession {
    /// The date `pmo.today()` returns; nil for the system date. Tests fix it.
    public var today: Day?
    /// Whether `pmo.transaction` is refused: true for sandboxed code, which gets a read-only
    /// view of the store (the store should then be opened with `PortfolioStore(readOnlyPath:)`
    /// too, so that raw SQL cannot write either).
    public let readOnly: Bool
    private var opened: PortfolioStore?
    private let open: () throws -> PortfolioStore
    /// The number of the baseline in force for earned value (the workspace's `evm.baseline`;
    /// 0, as in MS Project, by default): its latest version set on or before the as-of date
    /// gives BAC, start and finish (`EVMInputsQuery`).
    public var baseline = 0
    /// `pmo.worktime`'s calendars, per state of the store (a key from `worktime_key()`) and
    /// calendar id; the latest `worktimeStates` states are kept.
    var worktimeCache: [Int: [String: CalendarTimelines]] = [:]
    var worktimeKeys: [Int] = []
    var nextWorktimeKey = 0
    static let worktimeStates = 8
    /// The workspace's settings that scripts read, by section (`pmo.settings("dcma")`: the
    /// DCMA assessment's thresholds, from pmo.config.lua's `dcma = {...}`).
    public var settings: [String: LuaData] = [:]

    /// A session on an open store.
    public convenience init(store: PortfolioStore, today: Day? = nil, readOnly: Bool = false) {
        self.init(today: today, readOnly: readOnly) { store }
        opened = store
    }

    /// A session that opens its store on first use, so a script that never touches `pmo`
    /// pays nothing for it.
    public init(today: Day? = nil, readOnly: Bool = false, open: @escaping () throws -> PortfolioStore) {
        self.open = open
        self.readOnly = readOnly
        self.today = today ?? ProcessInfo.processInfo.environment["PMO_TODAY"].flatMap { Day($0) }
    }

    /// The store if it is open already, else nil (and it stays closed).
    var openedStore: PortfolioStore? { opened }

    /// The store, opened now if it was not yet.
    public func store() throws -> PortfolioStore {
        if let opened { return opened }
        let s = try open()
        opened = s
        return s
    }

    /// Installs the stdlib searcher and the `pmo` global in `lua`.
    public func install(in lua: LuaState) throws {
        // A loaded portfolio is a large heap that stays alive, and with Lua's default pause
        // of 200% the collector marks all of it again each time the heap doubles. A pause of
        // 400% marks it half as often, for a little more peak memory (the KPI suite and the
        // EVM scripts at 10,000 projects were measured with both in commit b60fdd3).
        lua.setCollectorPause(400)
        // And the first cycle waits for the first 64 MiB: what a session allocates first is
        // mostly the portfolio it loads and the measures it computes, live until it ends, and
        // a cycle over it marks it and frees nothing (measured on the EVM KPI suite at 10,000
        // projects in commit d0b7929). A script that makes garbage keeps up to that much more before its first cycle; one
        // past a memory cap is collected fully first, as always.
        lua.postponeCollector(kilobytes: 64 * 1024)
        try Stdlib.install(in: lua)
        // Lua/install.lua
        let install = try lua.load(EmbeddedLua.install.source, name: EmbeddedLua.install.name).call()
        guard let module = install.first?.tableValue, let types = module["types"].functionValue,
              let attach = module["attach"].functionValue else {
            throw LuaError(kind: .runtime, message: "install.lua did not return its functions")
        }
        let values = try types.call()
        guard let dateMetatable = values.first?.tableValue, values.count == 2, let null = values[1].tableValue else {
            throw LuaError(kind: .runtime, message: "pmo.date has no Date metatable, or pmo.null is missing")
        }
        let host = PMOHost(session: self, dateMetatable: dateMetatable, null: null)
        let pmo = try attach.call(host.functions())
        lua.setGlobal("pmo", pmo.first ?? .nil)
    }
}
