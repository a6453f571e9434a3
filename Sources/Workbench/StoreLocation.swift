import Foundation
import PMOModel
import PMOScripting
import PMOStore
import PMOWorkspace

/// Where a command's store is: a file (named by `--store`, or the workspace's), or, when there
/// is neither, the demo portfolio built in memory.
public enum StoreLocation: Equatable, Sendable {
    /// A SQLite store file.
    case file(String)
    /// The demo portfolio, generated in memory (40 projects, seed 1).
    case demo

    /// The projects and seed of the in-memory demo portfolio.
    public static let demoProjects = 40
    /// See `demoProjects`.
    public static let demoSeed: UInt64 = 1

    /// `--store FILE` when given, else the workspace's store, else the demo.
    public static func resolve(store option: String?, workspace: Workspace?) -> StoreLocation {
        if let option { return .file(option) }
        if let workspace { return .file(workspace.storePath) }
        return .demo
    }

    /// The one line a command prints on stderr when it falls back to the demo portfolio.
    public static let demoNotice = "pmo: no workspace here, using the built-in demo portfolio (\(demoProjects) projects as of \(DemoPortfolio.defaultStatusDate)); `pmo init` or `pmo demo DIR` makes one"

    /// Throws `StoreError` when this is a file that does not exist: reading a store that is
    /// not there is a data error, not a reason to create an empty one.
    public func checkExists() throws {
        if case .file(let path) = self, !FileManager.default.fileExists(atPath: path) {
            throw StoreError("\(path): no such store; create one with `pmo init`, `pmo import` or `pmo demo`, or pass --store")
        }
    }

    /// Opens the store; a writer waits `busyTimeout` seconds for another process's write.
    public func open(busyTimeout: Double = PortfolioStore.defaultBusyTimeout) throws -> PortfolioStore {
        switch self {
        case .file(let path):
            try checkExists()
            return try PortfolioStore(path: path, busyTimeout: busyTimeout)
        case .demo:
            return try PortfolioStore.demo(projects: Self.demoProjects, seed: Self.demoSeed)
        }
    }

    /// A session that opens this store on first use.
    /// With `announcingDemo`, the demo portfolio says so on stderr (`demoNotice`) when the
    /// session first opens it: a script that never touches `pmo` stays as quiet as `lua5.4`.
    public func session(busyTimeout: Double = PortfolioStore.defaultBusyTimeout, announcingDemo: Bool = false) -> PMOSession {
        PMOSession {
            if announcingDemo, self == .demo { FileHandle.standardError.write(Data((Self.demoNotice + "\n").utf8)) }
            return try self.open(busyTimeout: busyTimeout)
        }
    }
}
