import Foundation

/// A workspace: a folder holding `pmo.config.lua`, the store (`data/pmo.sqlite` by default),
/// the analyst's `scripts/` and the local KPI rules in `rules/`. Found as git finds a
/// repository: `--workspace DIR`, else `PMO_WORKSPACE`, else the current folder or the
/// nearest parent holding a config file.
///
/// ```swift
/// if let ws = try Workspace.discover(option: nil) {
///     print(ws.root, ws.storePath, ws.ruleFiles())
/// }
/// ```
public struct Workspace: Sendable {
    /// The file that marks a folder as a workspace.
    public static let configFileName = "pmo.config.lua"
    /// The environment variable naming a workspace folder.
    public static let environmentVariable = "PMO_WORKSPACE"

    /// The workspace folder, absolute and standardised.
    public let root: String
    /// The settings from the config file.
    public let config: WorkspaceConfig

    /// A workspace at `root` (made absolute) with `config`; nothing is read or written.
    public init(root: String, config: WorkspaceConfig) {
        self.root = Workspace.absolute(root)
        self.config = config
    }

    /// The config file.
    public var configPath: String { path(Self.configFileName) }
    /// The store file named by the config, resolved against the workspace folder.
    public var storePath: String { (config.store as NSString).isAbsolutePath ? config.store : path(config.store) }
    /// Imported and exported data.
    public var dataFolder: String { path("data") }
    /// The analyst's saved scripts.
    public var scriptsFolder: String { path("scripts") }
    /// Local KPI and rule definitions, loaded (trusted) by `pmo check`.
    public var rulesFolder: String { path("rules") }

    /// A path inside the workspace.
    public func path(_ relative: String) -> String {
        (root as NSString).appendingPathComponent(relative)
    }

    /// The `rules/*.lua` files, sorted by name so every run loads them in the same order.
    public func ruleFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rulesFolder)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted().map { (rulesFolder as NSString).appendingPathComponent($0) }
    }

    /// Opens the workspace in `folder`, reading its config. Throws `WorkspaceError` when the
    /// folder has no config file and `ConfigError` when the config is malformed.
    public static func open(_ folder: String, via source: String = "--workspace") throws -> Workspace {
        let root = absolute(folder)
        let config = (root as NSString).appendingPathComponent(configFileName)
        guard isFile(config) else {
            throw WorkspaceError("\(folder) (from \(source)) is not a workspace: it has no \(configFileName); create one with `pmo init \(folder)` or `pmo demo \(folder)`")
        }
        return Workspace(root: root, config: try WorkspaceConfig.load(path: config))
    }

    /// Finds the workspace for a command: `option` (`--workspace`), else `PMO_WORKSPACE` in
    /// `environment`, else `folder` or its nearest parent holding a config file. Nil when
    /// there is none; an explicitly named folder that is not a workspace is an error.
    public static func discover(option: String?,
                                environment: [String: String] = ProcessInfo.processInfo.environment,
                                from folder: String = FileManager.default.currentDirectoryPath) throws -> Workspace? {
        if let option { return try open(option) }
        if let named = environment[environmentVariable], !named.isEmpty {
            return try open(named, via: environmentVariable)
        }
        guard let root = search(from: folder) else { return nil }
        return Workspace(root: root, config: try WorkspaceConfig.load(path: (root as NSString).appendingPathComponent(configFileName)))
    }

    /// The nearest folder, from `folder` up to the file system root, that holds a config file.
    public static func search(from folder: String) -> String? {
        var current = absolute(folder)
        while true {
            if isFile((current as NSString).appendingPathComponent(configFileName)) { return current }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    public static func absolute(_ path: String) -> String {
        let full = (path as NSString).isAbsolutePath ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}

/// A folder named as a workspace (by `--workspace` or `PMO_WORKSPACE`) is not one, or a
/// workspace cannot be created where asked. A usage error: the command line or the
/// environment names the wrong place.
public struct WorkspaceError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public let description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
