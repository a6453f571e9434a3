import Foundation
import LuaKit
import PMOScripting
import PMOWorkspace

/// A rule library's manifest, `pmo-lib.lua`: a Lua table of data only (DESIGN.md decision 6),
/// read like `pmo.config.lua`, in the spirit of a rockspec.
///
/// ```lua
/// return {
///   name = "acme-delivery", version = "1.2.0",
///   summary = "Delivery KPIs of the ACME PMO", licence = "MIT",
///   authors = { "Ada Analyst <ada@acme.example>" }, homepage = "https://acme.example/pmo",
///   depends = { "pmo >= 1.0", "acme-core ~> 1.2" },
///   roots = { "acme.delivery" },                    -- the module and KPI namespaces it owns
///   limits = { memory_mb = 32, seconds = 2, instructions = 50000000 },
/// }
/// ```
///
/// `name`, `version` and `roots` are required; an unknown field is an error, so a typo is caught.
public struct LibraryManifest: Equatable, Sendable {
    /// The manifest's file name inside a library folder.
    public static let fileName = "pmo-lib.lua"

    /// Lower-case words joined by `-` or `.`: `acme-delivery`.
    public var name: String
    /// The library's version.
    public var version: SemanticVersion
    /// One line saying what the library is for.
    public var summary: String?
    /// The licence's name or SPDX id.
    public var licence: String?
    /// Who wrote it.
    public var authors: [String] = []
    /// Where to read more.
    public var homepage: String?
    /// Other libraries (and `pmo` itself) it needs, with version constraints.
    public var depends: [Dependency] = []
    /// The dotted namespaces it owns: its modules and KPI ids live under them.
    public var roots: [String]
    /// The sandbox limits it asks for; nil fields keep the defaults. The workspace's ceiling
    /// (`pmo.config.lua`, `sandbox = {...}`) caps them: a library may only ask for less.
    public var limits: SandboxLimits?

    /// Whether `name` is a valid library name.
    public static func isLibraryName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
            && !name.hasSuffix("-") && !name.hasSuffix(".")
    }

    /// Reads the manifest of the library in `folder`. Throws `ConfigError` (file, line, field).
    public static func load(folder: String) throws -> LibraryManifest {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, message: "cannot read the manifest; a library folder holds \(fileName) (create one with `pmo lib new NAME`)")
        }
        return try parse(source: [UInt8](data), file: path)
    }

    /// Reads a manifest from its text; `file` names it in errors.
    public static func parse(source: [UInt8], file: String) throws -> LibraryManifest {
        let value = try DataFileEvaluator.evaluate(source: source, file: file)
        return try LibraryManifest(value, reader: ConfigReader(file: file, source: String(decoding: source, as: UTF8.self)))
    }

    init(_ value: LuaData, reader r: ConfigReader) throws {
        let known = ["name", "version", "summary", "licence", "license", "authors", "homepage", "depends", "roots", "limits"]
        let f = try r.fields(value, path: "", known: known)
        guard let nameValue = f["name"] else { throw r.error("name", "missing; a library needs a name such as \"acme-delivery\"") }
        name = try r.string(nameValue, path: "name")
        guard Self.isLibraryName(name) else {
            throw r.error("name", "\"\(name)\" is not a library name: lower-case letters, digits, '-' and '.', starting with a letter")
        }
        guard let versionValue = f["version"] else { throw r.error("version", "missing; write a semantic version such as \"1.0.0\"") }
        let versionText = try r.string(versionValue, path: "version")
        guard let v = SemanticVersion(versionText) else {
            throw r.error("version", "\"\(versionText)\" is not a semantic version MAJOR.MINOR.PATCH such as \"1.0.0\"")
        }
        version = v
        summary = try f["summary"].map { try r.string($0, path: "summary") }
        licence = try (f["licence"] ?? f["license"]).map { try r.string($0, path: f["licence"] != nil ? "licence" : "license") }
        homepage = try f["homepage"].map { try r.string($0, path: "homepage") }
        authors = try f["authors"].map { try r.list($0, path: "authors").enumerated().map { try r.string($1, path: "authors[\($0 + 1)]") } } ?? []
        depends = try f["depends"].map {
            try r.list($0, path: "depends").enumerated().map { i, item in
                let path = "depends[\(i + 1)]"
                do { return try Dependency.parse(try r.string(item, path: path)) } catch let e as LibraryError {
                    throw r.error("depends", "item \(i + 1): \(e.description)")
                }
            }
        } ?? []
        guard let rootsValue = f["roots"] else {
            throw r.error("roots", "missing; list the namespaces the library owns, e.g. roots = { \"acme.delivery\" }")
        }
        let libraryName = name
        roots = try r.list(rootsValue, path: "roots").enumerated().map { i, item in
            let root = try r.string(item, path: "roots[\(i + 1)]")
            guard SandboxLibrary.isModuleName(root) else {
                throw r.error("roots", "item \(i + 1): \"\(root)\" is not a dotted module name such as \"acme.delivery\"")
            }
            // Only the stdlib itself (stdlib/pmo-lib.lua) owns pmo.
            guard libraryName == "pmo" || (root != "pmo" && !root.hasPrefix("pmo.")) else {
                throw r.error("roots", "item \(i + 1): \"\(root)\" is pmo's own namespace; choose your organisation's name")
            }
            return root
        }
        guard !roots.isEmpty else { throw r.error("roots", "empty; a library owns at least one namespace") }
        if let l = f["limits"] { limits = try Self.limits(l, reader: r) }
    }

    static func limits(_ value: LuaData, reader r: ConfigReader) throws -> SandboxLimits {
        try SandboxLimitsReader.read(value, path: "limits", base: SandboxLimits(), reader: r)
    }
}
