import XCTest

/// The Lua stdlib's own specs (stdlib/spec/*_spec.lua), run by the real `pmo` binary, so that
/// `swift test` covers them and they run against the embedded modules analysts get.
final class StdlibSpecTests: XCTestCase {
    func testEveryStdlibSpecPassesUnderPmo() throws {
        let r = try PMOProcess.run(["run", "stdlib/spec/runner.lua"], in: PMOProcess.root.path)
        let closing = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let parts = closing.split(separator: " ")
        XCTAssertEqual(parts.count, 4, closing)
        XCTAssertGreaterThan(Int(parts.first ?? "") ?? 0, 100, "too few specs ran: \(closing)")
        XCTAssertTrue(closing.hasSuffix(", 0 failed"), closing)
    }
}
