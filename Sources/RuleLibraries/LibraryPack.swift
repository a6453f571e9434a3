import Foundation

/// `pmo lib pack`: a library folder as a reproducible `.tar.gz`. Entries are the library's
/// files (hidden ones and `.tar.gz` files at its top left out) under `NAME-VERSION/`, sorted
/// by byte value, with fixed metadata; the same content gives the same bytes on any machine.
///
/// ```swift
/// let bytes = try LibraryPack.archive(try LibraryFolder.open("acme-delivery"))
/// ```
public enum LibraryPack {
    /// The default file name: `acme-delivery-1.2.0.tar.gz`.
    public static func fileName(_ library: LibraryFolder) -> String {
        "\(library.manifest.name)-\(library.manifest.version).tar.gz"
    }

    /// The files that go into the pack, relative to the library folder.
    public static func files(_ library: LibraryFolder) throws -> [String] {
        try library.files().filter { !($0.hasSuffix(".tar.gz") && !$0.contains("/")) }
    }

    /// The gzipped archive's bytes.
    public static func archive(_ library: LibraryFolder) throws -> [UInt8] {
        let top = "\(library.manifest.name)-\(library.manifest.version)"
        let entries: [Tarball.Entry] = try files(library).map { relative in
            guard let data = FileManager.default.contents(atPath: library.path + "/" + relative) else {
                throw LibraryError("cannot read \(library.path)/\(relative)")
            }
            return (top + "/" + relative, [UInt8](data))
        }
        return try Gzip.compress(try Tarball.write(entries))
    }

    /// Unpacks a pack into `folder` (which must not exist): the files under its single top
    /// folder. Returns `folder`.
    @discardableResult
    public static func extract(_ gz: [UInt8], into folder: String) throws -> String {
        let entries = try Tarball.read(try Gzip.decompress(gz))
        let tops = Set(entries.map { $0.path.split(separator: "/").first.map(String.init) ?? "" })
        guard tops.count == 1, let top = tops.first, entries.allSatisfy({ $0.path.contains("/") }) else {
            throw LibraryError("not a library pack: its files are not all in one top folder NAME-VERSION/")
        }
        let fm = FileManager.default
        for entry in entries {
            let path = folder + "/" + entry.path.dropFirst(top.count + 1)
            try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(entry.bytes).write(to: URL(fileURLWithPath: path))
        }
        return folder
    }
}
