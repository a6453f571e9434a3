// swift-tools-version: 6.0
// The shape is DESIGN.md's: arrows point down only.
import PackageDescription

let package = Package(
    name: "pmo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pmo", targets: ["pmo"]),
        .library(name: "LuaKit", targets: ["LuaKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // SHA-256 for the lock file of installed rule libraries.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .target(name: "CLuaBridge", dependencies: ["CLua"]),
        // The sandbox worker's second wall: Debian's libseccomp, and the C that drives it
        // (prctl and seccomp_rule_add are variadic, which Swift cannot call).
        .systemLibrary(
            name: "CSeccomp",
            pkgConfig: "libseccomp",
            providers: [.apt(["libseccomp-dev"])]
        ),
        .target(name: "CWorkerJail", dependencies: ["CSeccomp"]),
        // libxml2's push parser, for reading MS Project XML in bounded memory (the Foundation
        // XMLParser substitutes entities and recovers from errors without a word).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "LuaKit", dependencies: ["CLuaBridge", "CLua"]),
        // sqlite3_db_config for PMOStore's connections: it is variadic, which Swift cannot call.
        .target(
            name: "CSQLiteGuard",
            dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")],
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        // Plain values and calculations: Foundation only, no SQL, no Lua.
        // A calendar day (`Day`): domain-free, so that the REPL and the model read dates alike.
        .target(name: "Days"),
        .target(name: "PMOModel", dependencies: ["Days"]),
        .target(
            name: "PMOStore",
            dependencies: [
                "PMOModel", "CSQLiteGuard", "CLibXML2",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw C API, for binding values on the bulk import path.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // SHA-256 of every imported file, recorded in its revision (docs/history.md).
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PMOScripting",
            dependencies: [
                "LuaKit", "CWorkerJail", "PMOStore", "PMOModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            // Lua/*.lua reaches the binary through EmbedLua (as EmbeddedLua), not as sources.
            exclude: ["Lua"],
            plugins: ["EmbedLua"]
        ),
        .executableTarget(name: "pmo-embed", path: "Sources/pmo-embed"),
        // The one way Lua reaches the binary: a target's own Lua/*.lua, PMOScripting's stdlib,
        // Workbench's example scripts (Plugins/EmbedLua).
        .plugin(name: "EmbedLua", capability: .buildTool(), dependencies: ["pmo-embed"]),
        // Line editing: libedit through its readline-compatible API (BSD; DESIGN.md decision 7).
        .systemLibrary(
            name: "CLibedit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // A C layer over it, because Swift cannot call libedit's variadic functions nor install
        // its C callbacks and signal handler safely; see Sources/CLineEdit.
        .target(name: "CLineEdit", dependencies: ["CLibedit"]),
        // The REPL, domain-free: a Lua session, line editing, completion, the printer, `:commands`.
        // What it knows of a domain comes through its REPLHost (Workbench's PMOREPLHost).
        .target(
            name: "REPL",
            dependencies: ["LuaKit", "CLineEdit", "Days"],
            // Its Lua half (session locals, completion, the printer), embedded by EmbedLua.
            exclude: ["Lua"],
            plugins: ["EmbedLua"]
        ),
        // The workspace folder and its pmo.config.lua, read as Lua data in a bounded state;
        // below both RuleLibraries (which installs into a workspace) and Workbench.
        .target(
            name: "PMOWorkspace",
            dependencies: ["LuaKit", "PMOScripting", "PMOStore", "PMOModel"]
        ),
        // Rule libraries: manifest, resolver, installer, pack, lock file, trusted and sandboxed
        // runs and checks. The sandbox is PMOScripting's.
        .target(
            name: "RuleLibraries",
            dependencies: [
                "LuaKit", "PMOWorkspace", "PMOScripting", "PMOStore", "PMOModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Its Lua (the loader, the searcher, the sandboxed check, spec and doc chunks).
            exclude: ["Lua"],
            plugins: ["EmbedLua"]
        ),
        .target(
            name: "Workbench",
            dependencies: [
                "REPL", "PMOWorkspace", "RuleLibraries",
                "LuaKit", "PMOScripting", "PMOStore", "PMOModel",
            ],
            // Its Lua (the REPL host's and check's), compiled into the binary by EmbedLua so a
            // copied `pmo` works anywhere, as are scripts/*.lua, which `pmo demo` copies into the
            // workspace it writes.
            exclude: ["Lua"],
            plugins: ["EmbedLua"]
        ),
        .executableTarget(
            name: "pmo",
            dependencies: [
                "Workbench",
                "REPL",
                "PMOWorkspace",
                "RuleLibraries",
                "PMOModel",
                "PMOStore",
                "PMOScripting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "pmo-store-bench",
            dependencies: ["PMOStore", "PMOModel"],
            path: "Benchmarks/pmo-store-bench"
        ),
        // What the engine's questions to a calendar cost (issue 25).
        .executableTarget(
            name: "pmo-calendar-bench",
            dependencies: ["PMOModel", "Days"],
            path: "Benchmarks/pmo-calendar-bench"
        ),
        // The weekly refresh: a bundle re-imported against a fresh import, an MSPDI plan
        // re-imported, and the store's growth over simulated weeks (issue 24).
        .executableTarget(
            name: "pmo-refresh-bench",
            dependencies: ["PMOStore", "PMOModel"],
            path: "Benchmarks/pmo-refresh-bench"
        ),
        // The critical path engine alone on a seeded random 10,000-task project (issue 25).
        .executableTarget(
            name: "pmo-cpm-bench",
            dependencies: ["PMOModel"],
            path: "Benchmarks/pmo-cpm-bench"
        ),
        .executableTarget(
            name: "pmo-bench",
            dependencies: ["LuaKit", "CLuaBridge", "CLua"],
            path: "Benchmarks/pmo-bench"
        ),
        .executableTarget(name: "pmo-bench-run", path: "Benchmarks/pmo-bench-run"),
        // pmo.schedule.portfolio() over the demo: store read, engine, push (issue 25).
        .executableTarget(
            name: "pmo-schedule-bench",
            dependencies: ["PMOScripting", "PMOStore", "PMOModel", "LuaKit"],
            path: "Benchmarks/pmo-schedule-bench"
        ),
        .executableTarget(
            name: "pmo-sandbox-bench",
            dependencies: ["PMOScripting", "PMOStore", "PMOModel", "LuaKit"],
            path: "Benchmarks/pmo-sandbox-bench"
        ),
        // The fuzz tests' seed and length, from PMO_FUZZ_SEED, PMO_FUZZ_ITERATIONS and
        // PMO_FUZZ_SECONDS (docs/fuzzing.md): fixed by default, so `swift test` is deterministic.
        .target(name: "FuzzSupport", path: "Tests/FuzzSupport"),
        // Makes history in a store file (revisions, row_history) for the tests of its reading
        // side, standing for the history writer.
        .target(name: "HistorySupport", dependencies: [.product(name: "GRDB", package: "GRDB.swift")], path: "Tests/HistorySupport"),
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit", "CLuaBridge", "CLua"]),
        .testTarget(name: "PMOModelTests", dependencies: ["PMOModel"]),
        .testTarget(
            name: "PMOStoreTests",
            dependencies: ["PMOStore", "PMOModel", "FuzzSupport", "HistorySupport"],
            // The schema each migration made when it shipped, read by MigrationTests.
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "PMOScriptingTests", dependencies: ["PMOScripting", "PMOStore", "PMOModel", "LuaKit", "HistorySupport"]),
        // A test target that runs the built `pmo` depends on it, so that `swift build
        // --build-tests` (and `swift test`) builds the binary the tests spawn.
        .testTarget(name: "EndToEndTests", dependencies: ["pmo", "HistorySupport"], exclude: ["Fixtures"]),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workbench", "PMOWorkspace", "RuleLibraries", "REPL", "PMOScripting", "PMOStore", "PMOModel", "LuaKit"]),
        // The REPL: unit tests of its parts, and end-to-end tests that drive the built `pmo`
        // through a pseudo-terminal.
        .testTarget(name: "REPLTests", dependencies: ["REPL", "Workbench", "RuleLibraries", "PMOScripting", "LuaKit", "PMOModel", "pmo"]),
        // The sandbox worker is the built `pmo`, spawned by the tests.
        .testTarget(
            name: "SandboxTests",
            dependencies: ["PMOScripting", "PMOStore", "PMOModel", "LuaKit", "pmo", "FuzzSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
