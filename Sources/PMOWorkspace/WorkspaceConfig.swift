import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore

/// A workspace's settings: the Lua table in `pmo.config.lua` (DESIGN.md decision 6).
///
/// ```lua
/// return {
///   store = "data/pmo.sqlite",          -- relative to the workspace folder
///   asof = "2026-09-30",                -- the date reports see; omit for "everything recorded"
///   store_busy_timeout = 5,             -- seconds a writer waits for another pmo's write
///   report = { format = "text", fail_on = "red", kpis = { "pmo.evm.cpi" } },
///   evm = { baseline = 0 },             -- the baseline number earned value measures against
///   dcma = { logic = 0.05, high_float_days = 44, level_of_effort = "^LOE" },  -- pmo.dcma's thresholds
///   libraries = {
///     { name = "acme.kpis", version = "1.2.0", sha256 = "9f2c...", trust = false },
///   },
///   sandbox = { memory_mb = 64, seconds = 5, instructions = 100000000 },  -- the ceiling
///   jira = { projects = { WS = "PRJ-007" } },  -- Jira project key → store project, for imports
/// }
/// ```
///
/// Every field is optional; a missing one takes the default below. A field this version does
/// not know is an error rather than silently ignored, so a typo (`fail-on`) is caught.
public struct WorkspaceConfig: Equatable, Sendable {
    /// The SQLite store, relative to the workspace folder unless absolute.
    public var store = "data/pmo.sqlite"
    /// The as-of date scripts and `pmo check` see by default (`pmo.asof`); nil for "now".
    public var asof: Day?
    /// Defaults for `pmo check` and reports.
    public var report = ReportDefaults()
    /// Installed rule libraries and how far each is trusted.
    public var libraries: [Library] = []
    /// The number of the baseline in force for earned value (`evm.baseline`, 0 to 10; 0 by
    /// default, as MS Project's Baseline): its BAC, start and finish are what every EVM
    /// figure measures against (`EVMInputsQuery`).
    public var evmBaseline = 0
    /// The most a sandboxed library may ask for (`sandbox = { memory_mb, seconds,
    /// instructions }`): a manifest's `limits` above it are lowered to it. Defaults: the
    /// sandbox's defaults (64 MiB, 5 s, 100,000,000 instructions).
    public var sandboxCeiling = SandboxLimits()
    /// Seconds a command that writes the store waits for another process's write to end
    /// before it gives up saying who is writing (`PortfolioStore.busyTimeout`); 0 to 3600.
    public var storeBusyTimeout = PortfolioStore.defaultBusyTimeout
    /// The store project each Jira project key's work items belong to when `pmo import`
    /// reads a Jira export without `--project-id` (`jira = { projects = { WS = "PRJ-007" } }`).
    public var jiraProjects: [String: String] = [:]
    /// The DCMA assessment's settings (`dcma = { logic = 0.05, ... }`): thresholds by the
    /// names of `pmo.dcma`'s `DEFAULTS`, and `level_of_effort`, a Lua pattern naming the
    /// level-of-effort tasks. Handed to scripts as `pmo.settings("dcma")`.
    public var dcma = DCMASettings()

    /// The settings scripts read with `pmo.settings(section)` (`PMOSession.settings`): the
    /// `dcma` section when the workspace sets one.
    public var scriptSettings: [String: LuaData] {
        guard dcma != DCMASettings() else { return [:] }
        var t = dcma.thresholds.mapValues { LuaData.number($0) }
        if let loe = dcma.levelOfEffort { t["level_of_effort"] = .string(loe) }
        return ["dcma": .object(t)]
    }

    /// `dcma = {...}`: what the workspace changes of `pmo.dcma`'s defaults.
    public struct DCMASettings: Equatable, Sendable {
        /// Thresholds by name (shares as fractions, days as working days).
        public var thresholds: [String: Double] = [:]
        /// A Lua pattern matched against task names: the level-of-effort tasks.
        public var levelOfEffort: String?
        /// The names a threshold may have: the keys of `DEFAULTS` in stdlib/pmo/dcma.lua
        /// (WorkspaceConfigTests checks the two lists agree).
        public static let names: Set<String> = [
            "logic", "leads", "lags", "relationship_types", "hard_constraints", "high_float", "high_float_days",
            "negative_float", "high_duration", "high_duration_days", "invalid_dates", "resources", "missed_tasks",
            "critical_path_test_days", "cpli", "bei", "summary_links", "start_to_finish", "open_ends", "no_baseline",
            "network_problems",
        ]
        /// Creates the defaults (nothing changed).
        public init() {}
    }

    /// Defaults for `pmo check`; its options override them.
    public struct ReportDefaults: Equatable, Sendable {
        /// `text`, `json` or `junit`.
        public var format = "text"
        /// `red` or `amber`: the level at which `pmo check` exits 1.
        public var failOn = "red"
        /// KPI and rule ids `pmo check` evaluates when `--kpi` is not given; empty for all.
        public var kpis: [String] = []
        /// Creates the defaults.
        public init() {}
    }

    /// A third-party rule library the workspace installed.
    public struct Library: Equatable, Sendable {
        /// The library's name, e.g. `acme.kpis`.
        public var name: String
        /// The installed version.
        public var version: String
        /// Where it came from (a URL or a path), for the record.
        public var source: String?
        /// The SHA-256 that identifies the release installed: its pack's, as `sha256sum`
        /// prints it (docs/libraries.md). For the reader: what is enforced is the lock,
        /// `pmo.lock.lua`, which holds it too and every file's SHA-256.
        public var sha256: String?
        /// How it runs.
        public var trust: Trust

        /// Creates an entry.
        public init(name: String, version: String, source: String? = nil, sha256: String? = nil, trust: Trust = .sandboxed) {
            self.name = name
            self.version = version
            self.source = source
            self.sha256 = sha256
            self.trust = trust
        }
    }

    /// DESIGN.md decision 4's two trust levels.
    public enum Trust: String, Equatable, Sendable, CaseIterable {
        /// Runs in the sandbox: no io/os/debug, a memory cap, an instruction budget.
        case sandboxed
        /// Runs as the analyst's own code, with the full standard library.
        case trusted

        /// `trust = true` or `false` (as `pmo lib install` writes it), or `"trusted"` or
        /// `"sandboxed"`.
        init(reading v: LuaData, path: String, reader: ConfigReader) throws {
            if case .boolean(let b) = v {
                self = b ? .trusted : .sandboxed
                return
            }
            guard case .string = v else {
                throw reader.error(path, "expected true, false, \"trusted\" or \"sandboxed\", got a \(v.typeName)")
            }
            self = Trust(rawValue: try reader.choice(v, path: path, of: Trust.allCases.map(\.rawValue)))!
        }
    }

    /// The defaults, as `pmo init` writes them.
    public init() {}

    /// Reads and checks a config file. Throws `ConfigError` (file, line, field) for a file
    /// that does not evaluate, or holds a field of the wrong type or an unknown field.
    public static func load(path: String, displayName: String? = nil) throws -> WorkspaceConfig {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: name, message: "cannot read the file; check that it exists and is readable")
        }
        let bytes = [UInt8](data)
        let value = try DataFileEvaluator.evaluate(source: bytes, file: name)
        return try WorkspaceConfig(value, reader: ConfigReader(file: name, source: String(decoding: bytes, as: UTF8.self)))
    }

    /// A config value as the user wrote it, for messages.
    static func shown(_ v: LuaData) -> String {
        switch v {
        case .integer(let n): "\(n)"
        case .number(let d): "\(d)"
        case .string(let s): "\"\(s)\""
        default: "a \(v.typeName)"
        }
    }

    /// Builds the settings from an evaluated table.
    public init(_ value: LuaData, reader: ConfigReader) throws {
        let top = try reader.fields(value, path: "", known: ["store", "asof", "report", "libraries", "evm", "sandbox", "store_busy_timeout", "jira", "dcma"])
        if let v = top["sandbox"] {
            sandboxCeiling = try SandboxLimitsReader.read(v, path: "sandbox", base: SandboxLimits(), reader: reader)
        }
        if let v = top["store"] { store = try reader.string(v, path: "store") }
        if let v = top["asof"] {
            let text = try reader.string(v, path: "asof")
            guard let day = Day(text) else { throw reader.error("asof", "expected a date as \"yyyy-mm-dd\", got \"\(text)\"") }
            asof = day
        }
        if let v = top["evm"] {
            let e = try reader.fields(v, path: "evm", known: ["baseline"])
            if let b = e["baseline"] {
                guard case .integer(let n) = b, (0...10).contains(n) else {
                    throw reader.error("evm.baseline", "expected a baseline number from 0 to 10, got \(Self.shown(b))")
                }
                evmBaseline = n
            }
        }
        if let v = top["dcma"] {
            let d = try reader.fields(v, path: "dcma", known: DCMASettings.names.union(["level_of_effort"]).sorted())
            for (name, value) in d {
                let path = "dcma.\(name)"
                if name == "level_of_effort" {
                    dcma.levelOfEffort = try reader.string(value, path: path)
                    continue
                }
                let n: Double
                switch value {
                case .integer(let i): n = Double(i)
                case .number(let x): n = x
                default: throw reader.error(path, "expected a number, got \(Self.shown(value))")
                }
                guard n.isFinite, n >= 0 else { throw reader.error(path, "expected a number of at least 0, got \(n)") }
                dcma.thresholds[name] = n
            }
        }
        if let v = top["store_busy_timeout"] {
            let seconds: Double
            switch v {
            case .integer(let i): seconds = Double(i)
            case .number(let d): seconds = d
            default: throw reader.error("store_busy_timeout", "expected a number of seconds, got a \(v.typeName)")
            }
            guard seconds.isFinite, seconds >= 0, seconds <= 3600 else {
                throw reader.error("store_busy_timeout", "expected seconds from 0 to 3600, got \(seconds)")
            }
            storeBusyTimeout = seconds
        }
        if let v = top["jira"] {
            let j = try reader.fields(v, path: "jira", known: ["projects"])
            if let p = j["projects"] {
                let expected = "expected Jira project key = store project id entries, e.g. { WS = \"PRJ-007\" }"
                guard let entries = reader.entries(p) else {
                    if case .array = p { throw reader.error("jira.projects", expected + ", got list items") }
                    throw reader.error("jira.projects", expected + ", got \(Self.shown(p))")
                }
                if entries.keys.contains(where: { Int($0) != nil }) {
                    throw reader.error("jira.projects", expected + ", got list items")
                }
                for (key, id) in entries {
                    let path = "jira.projects.\(key)"
                    let project = try reader.string(id, path: path)
                    guard !project.isEmpty else { throw reader.error(path, "expected a store project id, got an empty string") }
                    jiraProjects[key] = project
                }
            }
        }
        if let v = top["report"] {
            let r = try reader.fields(v, path: "report", known: ["format", "fail_on", "kpis"])
            if let f = r["format"] { report.format = try reader.choice(f, path: "report.format", of: ["text", "json", "junit"]) }
            if let f = r["fail_on"] { report.failOn = try reader.choice(f, path: "report.fail_on", of: ["red", "amber"]) }
            if let k = r["kpis"] { report.kpis = try reader.list(k, path: "report.kpis").enumerated().map { try reader.string($1, path: "report.kpis[\($0 + 1)]") } }
        }
        if let v = top["libraries"] {
            libraries = try reader.list(v, path: "libraries").enumerated().map { i, item in
                let path = "libraries[\(i + 1)]"
                let f = try reader.fields(item, path: path, known: ["name", "version", "source", "sha256", "trust"])
                guard let name = f["name"], let version = f["version"] else {
                    throw reader.error(path, "a library needs a name and a version, e.g. { name = \"acme.kpis\", version = \"1.0.0\" }")
                }
                return Library(
                    name: try reader.string(name, path: path + ".name"),
                    version: try reader.string(version, path: path + ".version"),
                    source: try f["source"].map { try reader.string($0, path: path + ".source") },
                    sha256: try f["sha256"].map { try reader.string($0, path: path + ".sha256") },
                    trust: try f["trust"].map { try Trust(reading: $0, path: path + ".trust", reader: reader) } ?? .sandboxed)
            }
        }
    }
}
