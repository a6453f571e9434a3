import Foundation
import Days
import LuaKit

/// What the REPL asks of the layer that knows the domain. The `pmo` module (PMOScripting)
/// implements it to bring its API, KPI definitions and compact project summaries into the
/// REPL; `PlainREPLHost` is the standard-Lua-only default.
///
/// Every method runs on the REPL's thread, between inputs. Methods that take the state may
/// run Lua through LuaKit's protected calls; none may let a Lua error unwind them.
///
/// ```swift
/// final class PortfolioHost: REPLHost {
///     let session: PMOSession
///     init(session: PMOSession) { self.session = session }
///     var banner: String? { "portfolio demo.sqlite: 42 projects" }
///     func prepare(lua: LuaState, printer: REPLPrinter) throws {
///         try session.install(in: lua)   // the `pmo` global, with its kinds' metatables
///         guard let mt = try lua.run("return pmo.kinds.project.mt").first?.tableValue else { return }
///         let summary = try lua.load("local p = ... return p.id .. ' ' .. p.name")
///         try printer.registerSummary(metatable: mt, summary: summary, columns: ["id", "name", "bac"])
///     }
/// }
/// ```
public protocol REPLHost: AnyObject {
    /// What the REPL calls itself and the names of the modules it gives the session.
    var identity: REPLIdentity { get }
    /// A line printed under the REPL's banner (what is open, say), or nil.
    var banner: String? { get }
    /// Prepares a new session's state: loads modules, sets globals, registers summaries of
    /// domain objects with the printer.
    func prepare(lua: LuaState, printer: REPLPrinter) throws
    /// Topics `:help` lists after the REPL's own commands, and shows by name.
    func helpTopics(lua: LuaState) -> [REPLHelpTopic]
    /// The text of `:help NAME` for a name that is not one of the listed topics (`p:evm`,
    /// `kpi.evaluate`), or nil.
    func helpText(for name: String, lua: LuaState) -> String?
    /// The entries `:kpis`, `:rules` and `:libs` list.
    func listing(_ kind: REPLListingKind, lua: LuaState) throws -> [REPLListingItem]
    /// Extra candidates for the word under the cursor (KPI ids, project ids), whole words.
    func completions(for word: String, lua: LuaState) -> [String]
    /// The day `text` names, written YYYY-MM-DD, or nil when it names none (`2026-02-30`):
    /// `:asof` refuses it then, before `setAsOf`.
    func asOfDate(_ text: String) -> String?
    /// Makes `date` (YYYY-MM-DD, as `asOfDate` wrote it) the session's as-of date (nil: none,
    /// everything recorded). Returns the Lua statement that does the same in a script saved
    /// with `:save`, or nil when nothing needs to be replayed.
    func setAsOf(_ date: String?, lua: LuaState) throws -> String?
    /// What `:asof` adds once the date changed: values read before that keep answering for
    /// their own date, or nil.
    func asOfNote(lua: LuaState) -> String?
}

/// The defaults: a host implements only what it has. With all of them the REPL is plain Lua.
extension REPLHost {
    /// A REPL on standard Lua.
    public var identity: REPLIdentity { .plain }
    /// No banner line.
    public var banner: String? { nil }
    /// Nothing to prepare.
    public func prepare(lua: LuaState, printer: REPLPrinter) throws {}
    /// No topics beyond the REPL's commands.
    public func helpTopics(lua: LuaState) -> [REPLHelpTopic] { [] }
    /// No help beyond the topics.
    public func helpText(for name: String, lua: LuaState) -> String? { nil }
    /// Empty lists: the REPL says there are no KPIs, rules or libraries.
    public func listing(_ kind: REPLListingKind, lua: LuaState) throws -> [REPLListingItem] { [] }
    /// No extra candidates.
    public func completions(for word: String, lua: LuaState) -> [String] { [] }
    /// A day as `Day` reads it (ISO 8601's calendar date, YYYY-MM-DD, years 1 to 9999): the
    /// days pmo's model holds. A host with a date type of its own answers with it.
    public func asOfDate(_ text: String) -> String? { Day(text)?.description }
    /// The date is only recorded by the session (shown by `:asof`, kept as a comment by `:save`).
    public func setAsOf(_ date: String?, lua: LuaState) throws -> String? { nil }
    /// Nothing to add.
    public func asOfNote(lua: LuaState) -> String? { nil }
}

/// The host of a REPL on standard Lua alone: no domain module, no KPIs. `:help` still
/// documents the REPL's commands, and `:help NAME` describes any table in the session.
public final class PlainREPLHost: REPLHost {
    /// A host with nothing to add.
    public init() {}
    /// Says that no domain module is loaded, so no one looks for one in vain.
    public var banner: String? { "Standard Lua only: no domain module is loaded in this session." }
}

/// The names a host gives the REPL: its program's (the banner, the line editor's `~/.editrc`
/// section, the history's folder), the command that replays a saved session, and the prefix
/// of the modules the session preloads (`PREFIX.pretty`, the printer, which saved sessions
/// require; `PREFIX.complete`, completion's allow list).
public struct REPLIdentity: Sendable, Equatable {
    /// The program's name.
    public var program: String
    /// The command that runs a script `:save` wrote (`lua`, `pmo run`).
    public var runCommand: String
    /// The prefix of the modules the session preloads.
    public var modulePrefix: String

    /// Creates an identity.
    public init(program: String, runCommand: String, modulePrefix: String) {
        self.program = program
        self.runCommand = runCommand
        self.modulePrefix = modulePrefix
    }

    /// A REPL on standard Lua: `lua`, modules `repl.pretty` and `repl.complete`.
    public static let plain = REPLIdentity(program: "lua", runCommand: "lua", modulePrefix: "repl")

    /// The printer's module name (`require(identity.printerModule).show`).
    public var printerModule: String { modulePrefix + ".pretty" }
    /// Completion's module name (`require(identity.completionModule).allow(set)`).
    public var completionModule: String { modulePrefix + ".complete" }

    /// `text` with `{run}` and `{printer}` as this host names them (the REPL's help texts).
    func fill(_ text: String) -> String {
        text.replacingOccurrences(of: "{run}", with: runCommand).replacingOccurrences(of: "{printer}", with: printerModule)
    }
}

/// A `:help` topic.
public struct REPLHelpTopic: Sendable {
    /// What the user types after `:help` (`pmo.project`, `acme.schedule.spi`).
    public var name: String
    /// One line for the topic list.
    public var summary: String
    /// The full text.
    public var body: String

    /// A topic named `name`, listed with `summary`, shown as `body`.
    public init(name: String, summary: String, body: String) {
        self.name = name
        self.summary = summary
        self.body = body
    }
}

/// Which list a listing command asks for.
public enum REPLListingKind: String, Sendable, CaseIterable {
    /// `:kpis`, `:rules` and `:libs`; the raw value names them in messages.
    case kpis = "KPIs", rules = "rules", libraries = "rule libraries"
}

/// One line of `:kpis`, `:rules` or `:libs`.
public struct REPLListingItem: Sendable {
    /// The identifier (`acme.schedule.spi`).
    public var id: String
    /// A short title.
    public var title: String
    /// Anything else worth a column (unit, version, source).
    public var detail: String

    /// An entry; `detail` is optional.
    public init(id: String, title: String, detail: String = "") {
        self.id = id
        self.title = title
        self.detail = detail
    }
}
