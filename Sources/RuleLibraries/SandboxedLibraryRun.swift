import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore
import PMOWorkspace

/// `pmo lib doc` and `pmo lib test` for a library that is not trusted: its code runs only in
/// the sandbox worker (DESIGN.md decision 4), never in the `pmo` process, with the limits its
/// manifest asks for lowered to the workspace owner's ceiling.
///
/// ```swift
/// let run = SandboxedLibraryRun(library: lib, ceiling: config.sandboxCeiling)
/// let definitions = try run.definitions()       // for pmo lib doc
/// let results = try run.specs()                  // for pmo lib test
/// ```
public struct SandboxedLibraryRun {
    /// The library.
    public var library: LibraryFolder
    /// The workspace owner's ceiling.
    public var ceiling: SandboxLimits
    /// The worker binary (the running `pmo` by default).
    public var executable: String = SandboxWorker.currentExecutable
    /// Projects in the demo portfolio the specs see (as `LibrarySpecRunner`).
    public var projects = 5

    /// A run of `library` under `ceiling`.
    public init(library: LibraryFolder, ceiling: SandboxLimits = SandboxLimits()) {
        self.library = library
        self.ceiling = ceiling
    }

    /// The limits the library's code runs under.
    public var limits: SandboxLimits {
        (library.manifest.limits ?? ceiling).capped(by: ceiling)
    }

    /// Whether code of the library at `folder` must run sandboxed for the `pmo lib` commands:
    /// true for a library installed in a workspace (a folder in a `libs/` folder) unless that
    /// workspace's `pmo.config.lua` marks it `trust = true`. A folder of one's own, outside any
    /// `libs/`, is the author's code and runs as before. Also returns the ceiling of that
    /// workspace (the defaults when there is none or it cannot be read).
    public static func policy(for library: LibraryFolder) -> (sandboxed: Bool, ceiling: SandboxLimits) {
        let real = URL(fileURLWithPath: library.path).resolvingSymlinksInPath()
        let parent = real.deletingLastPathComponent()
        guard parent.lastPathComponent == "libs" else { return (false, SandboxLimits()) }
        let configPath = parent.deletingLastPathComponent().appendingPathComponent(Workspace.configFileName).path
        guard FileManager.default.fileExists(atPath: configPath) else { return (true, SandboxLimits()) }
        guard let config = try? WorkspaceConfig.load(path: configPath) else { return (true, SandboxLimits()) }
        let name = library.manifest.name
        let trust = config.libraries.first { $0.name == name || $0.name == real.lastPathComponent }?.trust ?? .sandboxed
        return (trust != .trusted, config.sandboxCeiling)
    }

    /// The KPIs and rules the library defines, read by loading it in the worker (no store).
    /// Throws `LibraryError` when it does not load.
    public func definitions() throws -> [LibraryDoc.Definition] {
        let worker = SandboxWorker(executable: executable)
        var out: [LibraryDoc.Definition] = []
        let modules = library.modules()
        for root in library.manifest.roots {
            let lib = SandboxLibrary(root: root, directory: library.directory(of: root), limits: limits)
            let own = modules.filter { $0 == root || $0.hasPrefix(root + ".") }
            let request = SandboxRequest(
                .libraryChunk(library: lib, source: EmbeddedLua.library_definitions.source, name: "=(pmo lib doc: \(library.manifest.name))"),
                arguments: [.array(own.map { .string($0) }), .string(root)])
            let outcome: SandboxOutcome
            do { outcome = try worker.run(request) } catch let e as SandboxError {
                throw LibraryError("library \(library.manifest.name) (sandboxed) does not load: \(e.kind.rawValue) error: \(e.fullMessage)")
            }
            guard case .array(let items)? = outcome.results.first else { continue }
            for case .object(let t) in items {
                func s(_ k: String) -> String? { if case .string(let v) = t[k] { return TerminalText.escaped(v) } else { return nil } }
                func n(_ k: String) -> Double? {
                    switch t[k] {
                    case .integer(let i): return Double(i)
                    case .number(let d): return d
                    default: return nil
                    }
                }
                out.append(LibraryDoc.Definition(
                    id: s("id") ?? "?", kind: s("kind") ?? "kpi", title: s("title") ?? "", appliesTo: s("applies_to") ?? "",
                    unit: s("unit"), direction: s("direction"), formula: s("formula"), source: s("source"),
                    description: s("description"), severity: s("severity"), version: s("version"),
                    green: n("green"), amber: n("amber")))
            }
        }
        return out.sorted { $0.id < $1.id }
    }

    /// Runs every `spec/*_spec.lua` in the worker, on a demo portfolio of `projects` projects
    /// (seed 1) written to a temporary store file as of the demo's status date.
    public func specs() throws -> [SpecResult] {
        let files = library.specFiles()
        guard !files.isEmpty else { return [] }
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("pmo-lib-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: folder) }
        let storePath = folder + "/demo.sqlite"
        do {
            let store = try PortfolioStore(path: storePath)
            try store.write { tx in try tx.insert(DemoPortfolio(projects: projects, seed: 1).generate()) }
        }
        var fixtures: [String: LuaData] = [:]
        let fixtureFolder = library.path + "/spec/fixtures"
        for name in (try? fm.contentsOfDirectory(atPath: fixtureFolder)) ?? [] where name.hasSuffix(".lua") {
            if let data = fm.contents(atPath: fixtureFolder + "/" + name) {
                fixtures[String(name.dropLast(4))] = .string(String(decoding: data, as: UTF8.self))
            }
        }
        let root = library.manifest.roots[0]
        let lib = SandboxLibrary(root: root, directory: library.directory(of: root), limits: limits)
        let own = library.modules().filter { $0 == root || $0.hasPrefix(root + ".") }
        let worker = SandboxWorker(executable: executable)
        var out: [SpecResult] = []
        for file in files {
            let relative = String(file.dropFirst(library.path.count + 1))
            guard let data = fm.contents(atPath: file) else {
                out.append(SpecResult(name: "(runner)", file: relative, status: .error, message: "cannot read \(file)"))
                continue
            }
            let request = SandboxRequest(
                .libraryChunk(library: lib, source: EmbeddedLua.library_spec.source, name: "=(pmo lib test: \(library.manifest.name))"),
                arguments: [.array(own.map { .string($0) }), .string(String(decoding: data, as: UTF8.self)),
                            .string(relative), .object(fixtures)],
                store: storePath, today: DemoPortfolio.defaultStatusDate.description)
            do {
                let outcome = try worker.run(request)
                guard case .array(let items)? = outcome.results.first else { continue }
                for case .object(let t) in items {
                    func s(_ k: String) -> String? { if case .string(let v) = t[k] { return TerminalText.escaped(v) } else { return nil } }
                    out.append(SpecResult(name: s("name") ?? "?", file: relative,
                                          status: SpecResult.Status(rawValue: s("status") ?? "") ?? .error,
                                          message: s("message")))
                }
            } catch let e as SandboxError {
                out.append(SpecResult(name: "(runner)", file: relative, status: .error,
                                      message: "\(e.kind.rawValue) error in the sandbox: \(e.fullMessage)"))
            }
        }
        return out
    }
}
