import Foundation
import LuaKit
import PMOScripting

/// Evaluates an untrusted library's KPIs and rules in the sandbox worker (DESIGN.md decision
/// 4): each root of the library runs in its own sandboxed environment, whose `require` reaches
/// only that root's modules and `pmo.*`, with the library's limits, reading the store
/// read-only. The results come back as plain data; only the parent writes.
///
/// ```swift
/// let check = SandboxedLibraryCheck(library: lib, store: "data/pmo.sqlite")
/// let (results, ids) = try check.run(ids: nil, asof: "2026-09-30", today: nil, failOn: "red", worker: SandboxWorker())
/// ```
public struct SandboxedLibraryCheck {
    /// The library, verified against the lock by the caller.
    public var library: LibraryFolder
    /// The store file the worker opens read-only.
    public var store: String
    /// The baseline number earned value measures against (the workspace's `evm.baseline`).
    public var baseline = 0
    /// The workspace owner's ceiling: the manifest's limits are lowered to it.
    public var ceiling: SandboxLimits

    /// Creates a check of `library` on `store`, its limits capped by `ceiling`.
    public init(library: LibraryFolder, store: String, ceiling: SandboxLimits = SandboxLimits()) {
        self.library = library
        self.store = store
        self.ceiling = ceiling
    }

    /// The limits the library runs under: its manifest's, lowered to the ceiling.
    public var limits: SandboxLimits {
        (library.manifest.limits ?? ceiling).capped(by: ceiling)
    }

    /// Evaluates `ids` (nil: all of the library's) and returns the results and every id the
    /// library defines. A root that fails to load or run (an error, a limit, a worker crash) is
    /// one result with its error, naming the library, so that every other result still counts.
    public func run(ids: [String]?, asof: String?, today: String?, failOn: String,
                    worker: SandboxWorker) throws -> (results: [CheckResult], defined: [String]) {
        let (results, defined, _) = try evaluate(ids: ids, asof: asof, today: today, failOn: failOn, worker: worker)
        return (results, defined)
    }

    /// What `run` gives, and the metadata of each definition the library defines (id, kind,
    /// title, unit, applies_to, direction, severity, version, green, amber, scope...): what a
    /// session registers so that `pmo.kpi` lists and evaluates the library's definitions.
    /// `scope` ("active" or "all") overrides its definitions' own, as `kpi.evaluate`'s
    /// `opts.scope` does.
    public func evaluate(ids: [String]?, asof: String?, today: String?, failOn: String, scope: String? = nil,
                         worker: SandboxWorker) throws -> (results: [CheckResult], defined: [String], metadata: [LuaData]) {
        var results: [CheckResult] = [], defined: [String] = [], metadata: [LuaData] = []
        let modules = library.modules()
        for root in library.manifest.roots {
            let sandboxLibrary = SandboxLibrary(root: root, directory: library.directory(of: root), limits: limits)
            let own = modules.filter { $0 == root || $0.hasPrefix(root + ".") }
            let request = SandboxRequest(
                .libraryChunk(library: sandboxLibrary, source: EmbeddedLua.library_check.source, name: "=(pmo check: \(library.manifest.name))"),
                arguments: [.array(own.map { .string($0) }), .string(root),
                            ids.map { .array($0.map { .string($0) }) } ?? .null,
                            asof.map { .string($0) } ?? .null, .string(failOn), scope.map { .string($0) } ?? .null],
                store: store, today: today, baseline: baseline)
            let outcome: SandboxOutcome
            do { outcome = try worker.run(request) } catch let e as SandboxError {
                results.append(failure(root: root, e))
                // The ids asked for under this root are its own, not unknown ones.
                defined += (ids ?? []).filter { $0 == root || $0.hasPrefix(root + ".") }
                continue
            }
            results += Self.items(outcome.results.first).compactMap(Self.result)
            defined += Self.items(outcome.results.dropFirst().first).compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            metadata += Self.items(outcome.results.dropFirst(2).first)
        }
        return (results, defined, metadata)
    }

    /// The result that stands for a root that failed as a whole.
    func failure(root: String, _ e: SandboxError) -> CheckResult {
        let name = library.manifest.name
        return CheckResult(
            id: root, kind: "kpi", title: "library \(name) (sandboxed)", version: library.manifest.version.description,
            objectKind: "library", objectId: name, objectName: nil, value: nil, unit: nil, rag: nil, passed: nil,
            severity: "error", message: nil, error: "library \(name) failed in the sandbox: \(e.kind.rawValue) error: \(e.fullMessage)",
            traceback: e.traceback, explanation: "", breached: true)
    }

    static func items(_ v: LuaData?) -> [LuaData] {
        if case .array(let a) = v { return a }
        return []           // an empty Lua table comes back as an empty object
    }

    static func result(_ v: LuaData) -> CheckResult? {
        guard case .object(let t) = v else { return nil }
        // Strings from untrusted code: shown on a terminal, so their control characters are escaped.
        func text(_ k: String) -> String? { if case .string(let s) = t[k] { return TerminalText.escaped(s) } else { return nil } }
        func number(_ k: String) -> Double? {
            switch t[k] {
            case .integer(let i): return Double(i)
            case .number(let d): return d
            default: return nil
            }
        }
        func flag(_ k: String) -> Bool? { if case .boolean(let b) = t[k] { return b } else { return nil } }
        return CheckResult(
            id: text("id") ?? "?", kind: text("kind") ?? "kpi", title: text("title") ?? "",
            version: text("version") ?? "1", objectKind: text("object_kind") ?? "?",
            objectId: text("object_id") ?? "?", objectName: text("object_name"),
            value: number("value"), unit: text("unit"), rag: text("rag"), passed: flag("passed"),
            severity: text("severity"), message: text("message"), detail: text("detail"), error: text("error"),
            traceback: text("traceback"), explanation: text("explanation") ?? "",
            breached: flag("breached") ?? false, shown: text("shown"))
    }
}
