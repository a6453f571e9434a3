import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore

/// Runs a library's `spec/*_spec.lua` with `pmo.spec` (describe/it/assert in busted's style)
/// in a trusted state where `pmo` is a small demo portfolio (5 projects, seed 1, as of the
/// demo's status date), so every run sees the same data, and the library's modules and KPIs
/// are loaded as `pmo check` would load them. `fixture("name")` reads `spec/fixtures/name.lua`.
///
/// ```swift
/// let results = try LibrarySpecRunner(library: try LibraryFolder.open("acme-delivery")).run()
/// print(SpecReport.tap(results))
/// ```
public struct LibrarySpecRunner {
    /// The library under test.
    public var library: LibraryFolder
    /// Projects in the demo portfolio the specs see.
    public var projects = 5

    /// Creates a runner.
    public init(library: LibraryFolder) {
        self.library = library
    }

    /// Runs every spec file; a library that does not load is one error result.
    public func run() throws -> [SpecResult] {
        let lua = try LuaState()
        let store = try PortfolioStore.demo(projects: projects, seed: 1)
        try PMOSession(store: store, today: DemoPortfolio.defaultStatusDate).install(in: lua)
        let runtime = LibraryRuntime(libraries: [library])
        do {
            try runtime.install(in: lua)
            try runtime.loadAll(in: lua)
        } catch let e as LuaError {
            return [SpecResult(name: "loads the library", file: LibraryManifest.fileName, status: .error, message: e.description)]
        }
        let runFile = try lua.load("return require('pmo.spec').run_file(...)", name: "=(pmo lib test)")
        var out: [SpecResult] = []
        for file in library.specFiles() {
            let relative = String(file.dropFirst(library.path.count + 1))
            let values: [LuaValue]
            do {
                values = try runFile.call(file, library.path + "/spec/fixtures")
            } catch let e as LuaError {
                out.append(SpecResult(name: "(runner)", file: relative, status: .error, message: e.description))
                continue
            }
            for item in values.first?.tableValue?.array ?? [] {
                guard let t = item.tableValue else { continue }
                out.append(SpecResult(name: t["name"].stringValue ?? "?", file: relative,
                                      status: SpecResult.Status(rawValue: t["status"].stringValue ?? "") ?? .error,
                                      message: t["message"].stringValue))
            }
        }
        return out
    }
}
