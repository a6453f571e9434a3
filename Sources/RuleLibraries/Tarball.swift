import Foundation

/// A minimal POSIX ustar archive of regular files, written and read here so that a library
/// pack has the same bytes for the same content: entries in the order given, mode 0644,
/// uid and gid 0, no user or group names, mtime 0.
///
/// ```swift
/// let tar = Tarball.write([("acme-1.0.0/pmo-lib.lua", Array(text.utf8))])
/// let entries = try Tarball.read(tar)
/// ```
public enum Tarball {
    /// One file: its path inside the archive (with `/`) and its bytes.
    public typealias Entry = (path: String, bytes: [UInt8])

    /// The archive of `entries`, two zero blocks closing it.
    public static func write(_ entries: [Entry]) throws -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            out += try header(path: entry.path, size: entry.bytes.count)
            out += entry.bytes
            out += [UInt8](repeating: 0, count: (512 - entry.bytes.count % 512) % 512)
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }

    static func header(path: String, size: Int) throws -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (i, b) in text.utf8.prefix(width).enumerated() { h[offset + i] = b }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        let bytes = Array(path.utf8)
        var name = path, prefix = ""
        if bytes.count > 100 {
            // ustar splits a long path at a '/' into a prefix (155) and a name (100).
            guard let cut = bytes.indices.filter({ bytes[$0] == UInt8(ascii: "/") && $0 <= 155 && bytes.count - $0 - 1 <= 100 }).last else {
                throw LibraryError("\(path) is too long for a tar archive (keep paths under 100 bytes per name)")
            }
            prefix = String(decoding: bytes[..<cut], as: UTF8.self)
            name = String(decoding: bytes[(cut + 1)...], as: UTF8.self)
        }
        put(name, at: 0, width: 100)
        put("0000644", at: 100, width: 8)
        put("0000000", at: 108, width: 8)
        put("0000000", at: 116, width: 8)
        put(octal(size, width: 12), at: 124, width: 12)
        put("00000000000", at: 136, width: 12)
        put("        ", at: 148, width: 8)
        h[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        put(prefix, at: 345, width: 155)
        let sum = h.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7), at: 148, width: 7)
        h[155] = UInt8(ascii: " ")
        return h
    }

    /// The regular files of an archive. Refuses absolute paths, `..` parts, and entries other
    /// than files and folders (links, devices), so extracting it cannot write outside.
    public static func read(_ tar: [UInt8]) throws -> [Entry] {
        var out: [Entry] = []
        var offset = 0
        func text(_ from: Int, _ width: Int) -> String {
            let slice = tar[from..<(from + width)]
            return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
        }
        while offset + 512 <= tar.count {
            if tar[offset..<(offset + 512)].allSatisfy({ $0 == 0 }) { break }
            let name = text(offset, 100), prefix = text(offset + 345, 155)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            let sizeText = text(offset + 124, 12).trimmingCharacters(in: CharacterSet(charactersIn: " "))
            guard let size = Int(sizeText, radix: 8), size >= 0 else { throw LibraryError("\(path): bad size in the tar header") }
            let type = tar[offset + 156]
            let start = offset + 512
            guard start + size <= tar.count else { throw LibraryError("\(path): the archive is truncated") }
            let parts = path.split(separator: "/")
            if path.hasPrefix("/") || parts.contains("..") { throw LibraryError("\(path): an archive entry outside its folder is refused") }
            switch type {
            case UInt8(ascii: "0"), 0: out.append((path, Array(tar[start..<(start + size)])))
            case UInt8(ascii: "5"): break
            default: throw LibraryError("\(path): only files and folders are allowed in a library archive (type '\(Character(UnicodeScalar(type)))')")
            }
            offset = start + (size + 511) / 512 * 512
        }
        return out
    }
}
