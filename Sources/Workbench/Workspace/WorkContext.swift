import Foundation
import PMOModel
import PMOScripting
import PMOStore
import PMOWorkspace

/// What a store-using command (`run`, `eval`, `check`, `export`, the REPL) works on: the
/// workspace found, the store, and the as-of date scripts start with.
///
/// ```swift
/// let context = try WorkContext.resolve(workspace: nil, store: nil)
/// if context.store == .demo { print(StoreLocation.demoNotice) }
/// let status = ScriptRunner(context: context).run(.file("health.lua"), arguments: [])
/// ```
public struct WorkContext: Sendable {
    /// The workspace, when one was found.
    public let workspace: Workspace?
    /// The store: `--store`, else the workspace's, else the demo.
    public let store: StoreLocation

    /// Creates a context.
    public init(workspace: Workspace?, store: StoreLocation) {
        self.workspace = workspace
        self.store = store
    }

    /// Discovers the workspace (see `Workspace.discover`) and picks the store. Throws
    /// `WorkspaceError` or `ConfigError`.
    public static func resolve(workspace option: String?, store: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               from folder: String = FileManager.default.currentDirectoryPath) throws -> WorkContext {
        let workspace = try Workspace.discover(option: option, environment: environment, from: folder)
        return WorkContext(workspace: workspace, store: .resolve(store: store, workspace: workspace))
    }

    /// The date the portfolio is seen as of: the workspace's `asof`, else the demo's status
    /// date when on the demo (so its reports read the same on any day), else nil for "now".
    public var asof: Day? {
        if let asof = workspace?.config.asof { return asof }
        return store == .demo ? DemoPortfolio.defaultStatusDate : nil
    }

    /// Seconds a writer waits for another process's write (the workspace's
    /// `store_busy_timeout`, else `PortfolioStore.defaultBusyTimeout`).
    public var busyTimeout: Double { workspace?.config.storeBusyTimeout ?? PortfolioStore.defaultBusyTimeout }

    /// The store opened now, its writer waiting `busyTimeout` for another process's write.
    public func openStore() throws -> PortfolioStore { try store.open(busyTimeout: busyTimeout) }

    /// `session` with the workspace's settings.
    private func configured(_ session: PMOSession) -> PMOSession {
        session.baseline = workspace?.config.evmBaseline ?? 0
        session.settings = workspace?.config.scriptSettings ?? [:]
        return session
    }

    /// A session on the store that opens it on first use.
    public func session() -> PMOSession { configured(store.session(busyTimeout: busyTimeout)) }

    /// A session on the store opened now, so that a missing or unreadable store file is a
    /// `StoreError` before any script runs (exit status 3), not a Lua error halfway through.
    /// The demo portfolio is still built on first use: it costs more than a file to open.
    /// With `announcingDemo`, the demo says so when first used (`StoreLocation.session`).
    public func openedSession(announcingDemo: Bool = false) throws -> PMOSession {
        switch store {
        case .file: return configured(PMOSession(store: try openStore()))
        case .demo: return configured(store.session(busyTimeout: busyTimeout, announcingDemo: announcingDemo))
        }
    }
}
