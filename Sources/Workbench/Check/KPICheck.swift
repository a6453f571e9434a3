import Foundation
import LuaKit
import PMOScripting
import RuleLibraries

/// Runs `pmo check`: loads the definitions every session has (`SessionDefinitions`: the
/// standard KPIs, the installed libraries, the workspace's rule files), evaluates them with
/// the KPI engine (`pmo.kpi`) and copies the results out.
///
/// ```swift
/// let check = KPICheck(session: context.session(), ruleFiles: workspace.ruleFiles())
/// let report = try check.run(ids: nil, asof: "2026-09-30", failOn: "red")
/// print(CheckTextFormat(palette: Palette(enabled: false)).render(report))
/// ```
public struct KPICheck {
    /// The store the KPIs read.
    public var session: PMOSession
    /// Local `rules/*.lua` files, loaded in order after the standard KPIs.
    public var ruleFiles: [String]
    /// Trusted rule libraries, loaded after the standard KPIs and before the rule files.
    public var libraries: LibraryRuntime?
    /// Untrusted rule libraries, evaluated in the sandbox worker.
    public var sandboxed: [SandboxedLibraryCheck]

    /// Creates a check.
    public init(session: PMOSession, ruleFiles: [String] = [], libraries: LibraryRuntime? = nil,
                sandboxed: [SandboxedLibraryCheck] = []) {
        self.session = session
        self.ruleFiles = ruleFiles
        self.libraries = libraries
        self.sandboxed = sandboxed
    }

    /// Why a check could not run.
    public enum Failure: Error, CustomStringConvertible {
        /// `--kpi` named ids no one defined: a usage error.
        case unknownIds([String], known: [String])
        /// A rule file or a definition failed to load: a script error.
        case script(String)

        /// The message `pmo check` prints.
        public var description: String {
            switch self {
            case .unknownIds(let ids, let known):
                return "no KPI or rule \(ids.map { "'\($0)'" }.joined(separator: ", ")); known ids: \(known.joined(separator: ", "))"
            case .script(let message): return message
            }
        }
    }

    /// Evaluates `ids` (nil: every KPI and rule) as of `asof` (nil: now), breaching at
    /// `failOn` (`red` or `amber`). Throws `Failure`.
    public func run(ids requested: [String]?, asof: String?, failOn: String) throws -> CheckReport {
        let ids = requested
        let lua = try LuaState()
        try session.install(in: lua)
        let values: [LuaValue]
        let definitions = SessionDefinitions(ruleFiles: ruleFiles, libraries: libraries, sandboxed: sandboxed)
        do {
            try definitions.install(in: lua, today: session.today?.description, warn: false)
            let f = try lua.load(EmbeddedLua.check.source, name: EmbeddedLua.check.name)
            let idList: LuaPushable = ids.map { $0 as LuaPushable } ?? LuaValue.nil
            let asofValue: LuaPushable = asof.map { $0 as LuaPushable } ?? LuaValue.nil
            values = try f.call(idList, asofValue, failOn)
        } catch let e as LuaError {
            throw Failure.script(e.description)
        }
        guard let results = values.first?.tableValue else {
            let unknown = values.count > 1 ? strings(values[1]) : []
            let known = values.count > 2 ? strings(values[2]) : []
            throw Failure.unknownIds(unknown, known: known)
        }
        let judged = values.count > 1 ? values[1].stringValue ?? "" : ""
        // A sandboxed library that failed as a whole is one error result; the others still count.
        let copied = results.array.compactMap { $0.tableValue.map(Self.result) } + definitions.failures
        let sorted = copied.sorted { ($0.id, $0.objectKind, $0.objectId) < ($1.id, $1.objectKind, $1.objectId) }
        return CheckReport(asof: judged, failOn: failOn, results: sorted)
    }

    func strings(_ v: LuaValue) -> [String] {
        v.tableValue?.array.compactMap(\.stringValue) ?? []
    }

    static func result(_ t: LuaTable) -> CheckResult {
        func text(_ key: String) -> String? { t[key].stringValue }
        var passed: Bool?
        if case .boolean(let b) = t["passed"] { passed = b }
        return CheckResult(
            id: text("id") ?? "?", kind: text("kind") ?? "kpi", title: text("title") ?? "",
            version: text("version") ?? "1", objectKind: text("object_kind") ?? "?",
            objectId: text("object_id") ?? "?", objectName: text("object_name"),
            value: t["value"].doubleValue, unit: text("unit"), rag: text("rag"), passed: passed,
            severity: text("severity"), message: text("message"), detail: text("detail"), error: text("error"),
            traceback: text("traceback"), explanation: text("explanation") ?? "",
            breached: t["breached"].isTruthy, shown: text("shown"))
    }
}
