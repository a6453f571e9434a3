import RuleLibraries
import Workbench
import XCTest

/// The SHA-256 hex the lock file records, checked against the FIPS 180-4 examples (the
/// two-block one has bytes below 0x10, so it also checks the hex keeps their leading zero).
final class FileDigestTests: XCTestCase {
    func testTheEmptyMessage() {
        XCTAssertEqual(FileDigest.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testAbc() {
        XCTAssertEqual(FileDigest.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testATwoBlockMessage() {
        let text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        XCTAssertEqual(FileDigest.hex(Array(text.utf8)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
