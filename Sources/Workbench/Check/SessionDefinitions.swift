import Foundation
import LuaKit
import PMOScripting
import RuleLibraries

/// The KPIs and rules every session of a workspace has, whatever the entry point (the REPL,
/// `pmo run`, `pmo eval`, `pmo check`, `:kpis`): the standard ones (`pmo.kpis`), then the
/// installed rule libraries (trusted ones loaded into the session, the others evaluated in
/// the sandbox worker as `pmo check` always did), then the workspace's `rules/*.lua` in name
/// order.
///
/// Installing them costs next to nothing: they are loaded on the first read of `pmo.kpi`'s
/// registry (`kpi.list()`, `kpi.evaluate(...)`, `:kpis`), through `kpi.on_load`. Libraries are
/// verified against the lock file then; a changed file is refused, naming it, as a Lua error
/// from that first read.
///
/// ```swift
/// let definitions = SessionDefinitions(context: context)
/// try session.install(in: lua)
/// try definitions.install(in: lua, today: session.today?.description)
/// ```
public final class SessionDefinitions {
    /// Local `rules/*.lua` files, loaded last, in order.
    public let ruleFiles: [String]
    let resolve: () throws -> (LibraryRuntime?, [SandboxedLibraryCheck])
    var resolved: (LibraryRuntime?, [SandboxedLibraryCheck])?
    /// Whether there may be libraries at all (a workspace on a store file, or given ones):
    /// without, no searcher is added to `package.searchers`.
    let mayHaveLibraries: Bool
    var worker: SandboxWorker?
    /// Sandboxed libraries that failed to load as a whole (an error, a limit, a worker crash),
    /// one error result each, as `pmo check` reports them: the other definitions still load.
    /// Known once the definitions are loaded.
    public private(set) var failures: [CheckResult] = []

    /// Definitions from given parts (tests, `KPICheck`): rule files, trusted libraries and
    /// sandboxed ones.
    public init(ruleFiles: [String] = [], libraries: LibraryRuntime? = nil, sandboxed: [SandboxedLibraryCheck] = []) {
        self.ruleFiles = ruleFiles
        self.resolve = { (libraries, sandboxed) }
        self.mayHaveLibraries = libraries != nil || !sandboxed.isEmpty
    }

    /// The definitions of a command's workspace: its rule files, and its installed libraries
    /// when its store is a file (the sandbox worker reads that file; the in-memory demo cannot
    /// be shared with it), read from the lock file on first need.
    public init(context: WorkContext) {
        ruleFiles = context.workspace?.ruleFiles() ?? []
        if let workspace = context.workspace, case .file(let store) = context.store {
            mayHaveLibraries = true
            resolve = {
                let (trusted, sandboxed) = try LibraryInstaller(workspace: workspace).loaders(store: store)
                // The worker's figures against the workspace's baseline, as the session's are.
                let checks = sandboxed.map { check -> SandboxedLibraryCheck in
                    var check = check
                    check.baseline = workspace.config.evmBaseline
                    return check
                }
                return (trusted.libraries.isEmpty ? nil : trusted, checks)
            }
        } else {
            mayHaveLibraries = false
            resolve = { (nil, []) }
        }
    }

    func libraries() throws -> (LibraryRuntime?, [SandboxedLibraryCheck]) {
        if let resolved { return resolved }
        let r = try resolve()
        resolved = r
        return r
    }

    /// Makes the definitions available in `lua`, which has `pmo` installed. `today` is the
    /// date the sandbox worker's `pmo.today()` gives (the session's). With `warn`, a sandboxed
    /// library that fails to load is said on stderr (`pmo check` reports it as a result instead).
    public func install(in lua: LuaState, today: String?, warn: Bool = true) throws {
        let find = LuaFunctionValue(name: "find") { [self] call in
            let name = try call.argument(1, as: String.self)
            // Libraries that cannot be read (a broken lock) do not stop other modules from
            // being found; their loader raises the error when the KPIs are first used.
            guard let runtime = try? libraries().0 else {
                return call.returning(LuaValue.nil)
            }
            return try runtime.find(name, for: call)
        }
        let trusted = LuaFunctionValue(name: "trusted") { [self] call in
            let runtime: LibraryRuntime?
            do { runtime = try libraries().0 } catch { throw LuaRaise.message(Self.describe(error)) }
            let list: [LuaData] = (runtime?.libraries ?? []).map { lib in
                .object(["name": .string(lib.manifest.name), "roots": .array(lib.manifest.roots.map { .string($0) }),
                         "modules": .array(lib.modules().map { .string($0) })])
            }
            call.push(LuaData.array(list))
            return 1
        }
        let sandboxed = LuaFunctionValue(name: "sandboxed") { [self] call in
            let checks: [SandboxedLibraryCheck]
            do { checks = try libraries().1 } catch { throw LuaRaise.message(Self.describe(error)) }
            var out: [LuaData] = [], failed: [CheckResult] = []
            for check in checks {
                do {
                    let (results, _, metadata) = try check.evaluate(ids: [], asof: nil, today: today, failOn: "red", worker: sharedWorker())
                    failed += results.filter { $0.objectKind == "library" && $0.error != nil }
                    out.append(.array(metadata))
                } catch {
                    failed.append(Self.failure(of: check.library, error))
                    out.append(.array([]))
                }
            }
            failures = failed
            call.push(LuaData.array(out))
            call.push(LuaData.array(failed.map { .string($0.error ?? "") }))
            return 2
        }
        let remote = LuaFunctionValue(name: "remote") { [self] call in
            let index = try call.argument(1, as: Int.self)
            let ids = call.value(2).tableValue?.array.compactMap(\.stringValue) ?? []
            let asof = try call.optional(3, as: String.self)
            let scope = try call.optional(4, as: String.self)
            guard scope == nil || scope == "all" || scope == "active" else {
                throw LuaRaise.argument(4, "scope must be \"active\" or \"all\"")
            }
            let checks: [SandboxedLibraryCheck]
            do { checks = try libraries().1 } catch { throw LuaRaise.message(Self.describe(error)) }
            guard index >= 1, index <= checks.count else { throw LuaRaise.argument(1, "no sandboxed library \(index)") }
            let results: [CheckResult]
            do {
                results = try checks[index - 1].evaluate(ids: ids, asof: asof, today: today, failOn: "red", scope: scope,
                                                         worker: sharedWorker()).results
            } catch { throw LuaRaise.message(Self.describe(error)) }
            call.push(LuaData.array(results.map(Self.plain)))
            return 1
        }
        // Trusted libraries' modules are found by the searcher LibraryRuntime installs.
        if mayHaveLibraries {
            try LibraryChunks.searcher(in: lua).call(find)
        }
        let f = try lua.load(EmbeddedLua.definitions.source, name: EmbeddedLua.definitions.name)
        try f.call(trusted, sandboxed, remote, ruleFiles, try LibraryChunks.loader(in: lua), warn)
    }

    func sharedWorker() -> SandboxWorker {
        if let worker { return worker }
        let w = SandboxWorker()
        worker = w
        return w
    }

    /// The result that stands for a sandboxed library that failed as a whole.
    static func failure(of library: LibraryFolder, _ error: Error) -> CheckResult {
        let name = library.manifest.name
        var message = describe(error)
        let prefix = "library \(name) (sandboxed): "
        if message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
        // The first line says what failed; the rest (a traceback) goes where tracebacks go.
        let lines = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        return CheckResult(
            id: library.manifest.roots.first ?? name, kind: "kpi", title: "library \(name) (sandboxed)",
            version: library.manifest.version.description, objectKind: "library", objectId: name, objectName: nil,
            value: nil, unit: nil, rag: nil, passed: nil, severity: "error", message: nil,
            error: "library \(name) failed in the sandbox: \(lines.first.map(String.init) ?? "")",
            traceback: lines.count > 1 ? String(lines[1]) : nil, explanation: "", breached: true)
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? LibraryError { return e.description }
        if let e = error as? SandboxError { return e.description }
        return String(describing: error)
    }

    // A result of the worker as the plain table pmo.kpi.remote's evaluator returns.
    static func plain(_ r: CheckResult) -> LuaData {
        var t: [String: LuaData] = [
            "id": .string(r.id), "object_kind": .string(r.objectKind), "object_id": .string(r.objectId),
            "explanation": .string(r.explanation),
        ]
        if let v = r.value { t["value"] = .number(v) }
        if let v = r.rag { t["rag"] = .string(v) }
        if let v = r.passed { t["passed"] = .boolean(v) }
        if let v = r.severity { t["severity"] = .string(v) }
        if let v = r.message { t["message"] = .string(v) }
        if let v = r.detail { t["detail"] = .string(v) }
        if let v = r.error { t["error"] = .string(v) }
        if let v = r.traceback { t["traceback"] = .string(v) }
        return .object(t)
    }
}
