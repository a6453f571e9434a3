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
    ],
    targets: [
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .target(name: "CLuaBridge", dependencies: ["CLua"]),
        .target(name: "LuaKit", dependencies: ["CLuaBridge", "CLua"]),
        .target(
            name: "PMOScripting",
            dependencies: ["LuaKit", "CLuaBridge", "CLua"],
            plugins: ["EmbedLua"]
        ),
        .executableTarget(name: "pmo-embed", path: "Sources/pmo-embed"),
        .plugin(name: "EmbedLua", capability: .buildTool(), dependencies: ["pmo-embed"]),
        .target(name: "Workbench", dependencies: ["LuaKit", "PMOScripting", "CLua"]),
        .executableTarget(
            name: "pmo",
            dependencies: [
                "Workbench",
                "PMOScripting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "pmo-bench",
            dependencies: ["LuaKit", "CLuaBridge", "CLua"],
            path: "Benchmarks/pmo-bench"
        ),
        .executableTarget(
            name: "pmo-sandbox-bench",
            dependencies: ["PMOScripting", "LuaKit"],
            path: "Benchmarks/pmo-sandbox-bench"
        ),
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit", "CLuaBridge", "CLua"]),
        .testTarget(name: "PMOScriptingTests", dependencies: ["PMOScripting", "LuaKit"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
        // Depends on `pmo` so that the worker binary is built before the tests spawn it.
        .testTarget(name: "SandboxTests", dependencies: ["PMOScripting", "LuaKit", "pmo"]),
    ],
    swiftLanguageModes: [.v6]
)
