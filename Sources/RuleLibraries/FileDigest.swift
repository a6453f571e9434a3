import Crypto

/// SHA-256 of bytes in memory, as lower-case hex: what the lock file records for every file
/// of an installed library. The digest itself is swift-crypto's.
///
/// ```swift
/// FileDigest.hex(Array("abc".utf8))   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public enum FileDigest {
    /// The SHA-256 digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        Crypto.SHA256.hash(data: bytes).map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }
}
