import Foundation
import PMOScripting
import XCTest

/// Issue 21, finding 5: what the host makes for sandboxed code (SQL results, converted
/// results) counts against the memory cap in bytes before it is made. A result larger than
/// what is left is Lua's memory error, not gigabytes in the process.
final class HostMemoryTests: XCTestCase {
    var store: StoreFixture!

    override func setUpWithError() throws {
        store = try StoreFixture(self)
    }

    /// The limits of the cases: the default 64 MiB cap, time enough to read.
    var limits: SandboxLimits { SandboxLimits(memoryBytes: 64 << 20, seconds: 5) }

    func testAZeroblobLargerThanTheMemoryLeftIsAMemoryErrorSixTimesOver() throws {
        let r = try sandboxed("""
            local errors = {}
            for i = 1, 6 do
              local ok, e = pcall(pmo.sql, "select zeroblob(999999999) as b")
              errors[i] = ok and "made" or e
            end
            return errors
            """, store: store, limits: limits).get()
        XCTAssertEqual(r, [.array(Array(repeating: .string("not enough memory"), count: 6))])
    }

    func testARandomblobLargerThanTheMemoryLeftIsAMemoryError() {
        switch sandboxed("return pmo.sql('select randomblob(1e9) as b')", store: store, limits: limits) {
        case .success(let r): XCTFail("made \(r.count) results")
        case .failure(let e): XCTAssertEqual(e.kind, .memory, e.message)
        }
    }

    func testParametersClaimingMillionsOfValuesAreRefusedBeforeAnyIsRead() {
        switch sandboxed("return pmo.sql('select 1', {n = 3e7})", store: store, limits: limits) {
        case .success(let r): XCTFail("ran: \(r)")
        case .failure(let e):
            XCTAssertEqual(e.kind, .runtime)
            XCTAssertTrue(e.message.contains("bad argument #2 to 'sql' (the statement has 0 parameters, and 30000000 values were given)"), e.message)
        }
    }

    func testColumnsThatRepeatALargeValueStopAtTheCap() {
        // Ten columns of the same 8 MiB value: each column is a copy in Lua, so the sixth or
        // so does not fit; it is refused before it is copied.
        let columns = (1...10).map { "b AS c\($0)" }.joined(separator: ", ")
        switch sandboxed("return pmo.sql('select \(columns) from (select randomblob(8388608) as b)')", store: store, limits: limits) {
        case .success: XCTFail("80 MiB of columns under a 64 MiB cap")
        case .failure(let e): XCTAssertEqual(e.kind, .memory, e.message)
        }
    }

    func testRowsThatRepeatALargeValueShareOneString() throws {
        // 300 rows of the same 1 MiB value (300 MiB as copies, over the 64 MiB cap): consecutive
        // rows share one Lua string.
        let r = try sandboxed("""
            local rows = pmo.sql("with recursive r(i) as (select 1 union all select i + 1 from r where i < 300) select zeroblob(1048576) || '' as s from r")
            return #rows, rawequal(rows[1].s, rows[300].s)
            """, store: store, limits: limits).get()
        XCTAssertEqual(r, [.integer(300), .boolean(true)])
    }

    func testAResultOf300ReferencesToOneLargeStringIsRefusedWithoutCopies() {
        // 300 references to one 8 MiB string would be 2.4 GB once converted and encoded: the
        // reader counts each occurrence against the result limit before it converts it.
        let start = Date()
        switch sandboxed("""
            local s = string.rep("x", 8 << 20)
            local t = {}
            for i = 1, 300 do t[i] = s end
            return t
            """, store: store, limits: limits) {
        case .success: XCTFail("a 2.4 GB result left the sandbox")
        case .failure(let e):
            XCTAssertEqual(e.kind, .result)
            XCTAssertTrue(e.message.contains("more than 16777216 bytes of strings"), e.message)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testAResultThatRepeatsAStringUnderTheLimitLeavesWhole() throws {
        let r = try sandboxed("""
            local s = string.rep("y", 1000)
            return {s, s, s}
            """, store: store, limits: limits).get()
        XCTAssertEqual(r, [.array(Array(repeating: .string(String(repeating: "y", count: 1000)), count: 3))])
    }
}
