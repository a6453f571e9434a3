import Foundation
import XCTest

/// docs/api.md and types/pmo/*.lua are made from the stdlib's doc comments by `tools/gen-docs`
/// (driving the real binary): the checked-in files are what it makes now.
final class GeneratedDocsTests: EndToEndCase {
    /// The files under `folder`'s docs/api.md and types/, relative paths to contents.
    private func generated(in folder: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        let api = folder.appendingPathComponent("docs/api.md")
        if let text = try? String(contentsOf: api, encoding: .utf8) { out["docs/api.md"] = text }
        let types = folder.appendingPathComponent("types")
        if let walker = FileManager.default.enumerator(atPath: types.path) {
            for case let name as String in walker where name.hasSuffix(".lua") {
                out["types/" + name] = try String(contentsOf: types.appendingPathComponent(name), encoding: .utf8)
            }
        }
        return out
    }

    func testTheCheckedInAPIReferenceAndDefinitionsAreWhatGenDocsMakesNow() throws {
        let out = path("generated")
        let r = try PMOProcess.run([out], in: folder, environment: ["PMO": PMOProcess.binary.path],
                                   executable: PMOProcess.root.appendingPathComponent("tools/gen-docs").path)
        XCTAssertEqual(r.status, 0, "tools/gen-docs failed:\n\(r.stderr)")
        let fresh = try generated(in: URL(fileURLWithPath: out))
        let checkedIn = try generated(in: PMOProcess.root)
        XCTAssertNotNil(fresh["docs/api.md"])
        XCTAssertNotNil(fresh["types/pmo/init.lua"])
        XCTAssertEqual(Set(checkedIn.keys), Set(fresh.keys),
                       "docs/api.md or types/ has files gen-docs does not make, or lacks some: run tools/gen-docs")
        for (name, text) in fresh.sorted(by: { $0.key < $1.key }) where checkedIn[name] != nil {
            XCTAssertTrue(checkedIn[name] == text, "\(name) differs from the doc comments: run tools/gen-docs")
        }
    }

    func testEveryDefinitionFileIsAMetaFileThatCompilesAsLua() throws {
        let types = PMOProcess.root.appendingPathComponent("types")
        let files = try generated(in: PMOProcess.root).filter { $0.key.hasPrefix("types/") }
        XCTAssertGreaterThan(files.count, 10)
        for (name, text) in files {
            XCTAssertTrue(text.hasPrefix("---@meta\n"), "\(name) is not a LuaLS definition file")
            let r = try pmo("eval", "local f, err = loadfile(...) return err or 'ok'",
                            types.appendingPathComponent(String(name.dropFirst("types/".count))).path)
            XCTAssertEqual(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "ok", "\(name): \(r.stdout)\(r.stderr)")
        }
    }
}
