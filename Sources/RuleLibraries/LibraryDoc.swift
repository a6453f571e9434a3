import Foundation
import LuaKit
import PMOModel
import PMOScripting
import PMOStore

/// What `pmo lib doc` documents, gathered from the source so the docs never drift: the
/// manifest, each KPI's and rule's metadata as `pmo.kpi` holds it (title, unit, thresholds,
/// direction, formula, source), and the doc comments of each module and its public functions.
///
/// ```swift
/// let doc = try LibraryDoc.gather(try LibraryFolder.open("acme-delivery"))
/// print(LibraryDocFormat.markdown(doc))
/// ```
public struct LibraryDoc: Equatable, Sendable {
    /// One KPI or rule.
    public struct Definition: Equatable, Sendable {
        /// The id, `kpi` or `rule`, the title, and the kind of object it applies to.
        public var id, kind, title, appliesTo: String
        /// The metadata `pmo.kpi` holds, when the definition gives it.
        public var unit, direction, formula, source, description, severity, version: String?
        /// A KPI's thresholds.
        public var green, amber: Double?
    }

    /// One public function and its doc comment.
    public struct Function: Equatable, Sendable {
        /// `M.schedule_ratio(ev, pv)`.
        public var signature: String
        /// The comment's text, `---`/`--` markers removed.
        public var text: String
    }

    /// One module.
    public struct Module: Equatable, Sendable {
        /// The module name, `acme.delivery.kpis`.
        public var name: String
        /// The comment at the top of the file.
        public var summary: String
        /// Its documented public functions, in source order.
        public var functions: [Function]
    }

    /// The library's manifest.
    public var manifest: LibraryManifest
    /// Its KPIs and rules, by id.
    public var definitions: [Definition]
    /// Its modules, by name.
    public var modules: [Module]

    /// Loads the library (as `pmo lib test` does, on the demo portfolio) to read its
    /// definitions, and reads its modules' doc comments. Throws `LuaError` when it does not load.
    public static func gather(_ library: LibraryFolder) throws -> LibraryDoc {
        let lua = try LuaState()
        try PMOSession(store: try PortfolioStore.demo(projects: 1, seed: 1), today: DemoPortfolio.defaultStatusDate).install(in: lua)
        let runtime = LibraryRuntime(libraries: [library])
        try runtime.install(in: lua)
        try runtime.loadAll(in: lua)
        let list = try lua.load(EmbeddedLua.library_doc.source, name: EmbeddedLua.library_doc.name)
        let values = try list.call(library.manifest.roots)
        let definitions: [Definition] = (values.first?.tableValue?.array ?? []).compactMap { item in
            guard let t = item.tableValue else { return nil }
            func s(_ k: String) -> String? { t[k].stringValue }
            return Definition(id: s("id") ?? "?", kind: s("kind") ?? "kpi", title: s("title") ?? "", appliesTo: s("applies_to") ?? "",
                              unit: s("unit"), direction: s("direction"), formula: s("formula"), source: s("source"),
                              description: s("description"), severity: s("severity"), version: s("version"),
                              green: t["green"].doubleValue, amber: t["amber"].doubleValue)
        }
        return LibraryDoc(manifest: library.manifest, definitions: definitions, modules: try comments(library, runtime))
    }

    /// The same documentation with the library's code run only in the sandbox worker (`pmo lib
    /// doc` of any library: documenting code must not mean trusting it). The doc comments are
    /// read as text. Throws `LibraryError` when the library does not load.
    public static func gatherSandboxed(_ run: SandboxedLibraryRun) throws -> LibraryDoc {
        let library = run.library
        return LibraryDoc(manifest: library.manifest, definitions: try run.definitions(),
                          modules: try comments(library, LibraryRuntime(libraries: [library])))
    }

    static func comments(_ library: LibraryFolder, _ runtime: LibraryRuntime) throws -> [Module] {
        try library.modules().map { name -> Module in
            guard let (bytes, _) = try runtime.source(of: name) else { return Module(name: name, summary: "", functions: []) }
            return DocComments.module(name, source: String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// Doc comments in Lua source, LDoc style: a block starting with `---`, continued by `--`
/// lines. The file's first block documents the module; a block right above
/// `function M.name(...)` documents that function.
enum DocComments {
    static func module(_ name: String, source: String) -> LibraryDoc.Module {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var summary = ""
        var functions: [LibraryDoc.Function] = []
        var block: [String] = []
        var inBlock = false
        var sawCode = false
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("---") && !inBlock {
                inBlock = true
                block = [strip(trimmed, marker: "---")]
            } else if inBlock && trimmed.hasPrefix("--") {
                block.append(strip(trimmed, marker: "--"))
            } else {
                if inBlock && !sawCode && summary.isEmpty && !isFunction(trimmed) {
                    summary = text(block)
                } else if inBlock, isFunction(trimmed) {
                    functions.append(LibraryDoc.Function(signature: signature(trimmed), text: text(block)))
                }
                inBlock = false
                block = []
                if !trimmed.isEmpty { sawCode = true }
            }
        }
        return LibraryDoc.Module(name: name, summary: summary, functions: functions)
    }

    static func isFunction(_ line: String) -> Bool {
        line.hasPrefix("function ") && line.contains(".") && line.contains("(")
    }

    static func signature(_ line: String) -> String {
        let rest = line.dropFirst("function ".count)
        guard let close = rest.firstIndex(of: ")") else { return String(rest) }
        return String(rest[...close])
    }

    static func strip(_ line: String, marker: String) -> String {
        let rest = line.dropFirst(marker.count)
        return String(rest.first == " " ? rest.dropFirst() : rest)
    }

    static func text(_ block: [String]) -> String {
        block.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
