import Foundation
import PMOScripting
@testable import PMOStore
import XCTest

/// Issue 21, finding 1: script SQL could hand SQLite a pointer (fts3_tokenizer) and make it
/// jump there. Script SQL is now allow-listed (`ScriptSQL`) and the tokenizer's pointer form
/// is off on every connection; the attack gets a clean refusal in both trust levels and the
/// process lives on.
final class ScriptSQLAttackTests: XCTestCase {
    /// The exploit of the issue: the address of a string the script owns (string.format %p),
    /// registered as an fts3 tokenizer module, then a virtual table that uses it. Each step is
    /// pcall'd; the script prints what each step said and "alive" if it got to the end.
    static let exploit = """
        local s = string.rep("A", 64)
        local n = tonumber(string.format("%p", s):sub(3), 16)
        local bytes = {}
        for i = 1, 8 do bytes[i] = string.format("%02x", n & 0xff); n = n >> 8 end
        local ok1, e1 = pcall(pmo.sql, "select fts3_tokenizer('evil', x'" .. table.concat(bytes) .. "')")
        local ok2, e2 = pcall(pmo.sql, "create virtual table temp.t using fts3(x, tokenize=evil)")
        local ok3, e3 = pcall(pmo.sql, "select * from t")
        print("step1", ok1, e1)
        print("step2", ok2, e2)
        print("step3", ok3, e3)
        print("alive")
        """

    func run(_ arguments: [String], script: String) throws -> (status: Int32, out: String, err: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("attack-\(UUID().uuidString).lua")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: SandboxHarness.pmoExecutable)
        p.arguments = ["run"] + arguments + [file.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func assertRefused(_ r: (status: Int32, out: String, err: String), _ mode: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 0, "\(mode): \(r.err)", file: file, line: line)
        XCTAssertTrue(r.out.hasSuffix("alive\n"), "\(mode): \(r.out)", file: file, line: line)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("step1\tfalse\t") && $0.contains("refused: the function fts3_tokenizer is not allowed") },
                      "\(mode): \(r.out)", file: file, line: line)
        XCTAssertTrue(lines.contains { $0.hasPrefix("step2\tfalse\t") && $0.contains("refused: ") },
                      "\(mode): \(r.out)", file: file, line: line)
        XCTAssertTrue(lines.contains { $0.hasPrefix("step3\tfalse\t") }, "\(mode): \(r.out)", file: file, line: line)
    }

    func testTheTokenizerExploitIsRefusedInTheSandbox() throws {
        let store = try StoreFixture(self)
        assertRefused(try run(["--sandbox", "--store", store.path], script: Self.exploit), "pmo run --sandbox")
        store.assertUnchanged("the exploit in pmo run --sandbox")
    }

    func testTheTokenizerExploitIsRefusedInAFullRun() throws {
        let store = try StoreFixture(self)
        assertRefused(try run(["--store", store.path], script: Self.exploit), "pmo run")
        store.assertUnchanged("the exploit in pmo run")
    }

    func testEveryConnectionHasTheTokenizersPointerFormOff() throws {
        // The second wall: even SQL that no authorizer checks (the store's own connections)
        // cannot register a tokenizer module by address.
        let store = try StoreFixture(self)
        let file = try PortfolioStore(path: store.path)
        let readOnly = try PortfolioStore(readOnlyPath: store.path)
        let memory = try PortfolioStore()
        for (name, s) in [("file", file), ("read-only", readOnly), ("memory", memory)] {
            XCTAssertThrowsError(try s.database.writeWithoutTransaction { db in
                try db.execute(sql: "SELECT fts3_tokenizer('evil', x'4141414141410000')")
            }, name) { error in
                XCTAssertTrue("\(error)".contains("fts3tokenize disabled"), "\(name): \(error)")
            }
            XCTAssertThrowsError(try s.reader.read { db in
                try db.execute(sql: "SELECT fts3_tokenizer('evil', x'4141414141410000')")
            }, name) { error in
                XCTAssertTrue("\(error)".contains("fts3tokenize disabled"), "\(name): \(error)")
            }
        }
    }
}
