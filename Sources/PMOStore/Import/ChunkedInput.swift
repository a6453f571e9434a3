import Foundation

/// A file read in chunks of bounded size, each byte checked as it arrives, so that an import
/// holds a chunk (not the file) in memory and fails at the first bad byte, naming its line,
/// column and offset, before it reads further.
///
/// The checks, for text that must be UTF-8 (CSV, JSON, and XML that does not declare another
/// encoding): no NUL byte (binary data); a byte order mark (U+FEFF) only as the first
/// character of the file; and, when `rejectInvalidUTF8` is set, valid UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF). With `rejectInvalidUTF8` off, the
/// offset of the first invalid sequence is kept in `firstInvalidUTF8` for the caller to report
/// where it knows more (the CSV field it is in).
final class ChunkedInput {
    /// The file, as errors name it.
    let path: String
    /// What the file should be, for messages: "a CSV file", "an XML document".
    let kind: String
    /// Bytes per read; the most a chunk adds to memory.
    let chunkSize: Int
    /// Whether bytes are checked at all (false for XML in another encoding, which libxml2
    /// transcodes and checks itself).
    var checks = true
    /// Whether invalid UTF-8 is an error here, rather than noted in `firstInvalidUTF8`.
    var rejectInvalidUTF8: Bool
    /// Appended to "saved in another encoding" in the message for invalid UTF-8.
    var encodingHint = ""
    /// Offset of the first byte of the first invalid UTF-8 sequence, when not rejected.
    private(set) var firstInvalidUTF8: Int?
    /// Bytes read so far: the offset of the next byte.
    private(set) var offset = 0
    /// True once the end of the file was read.
    private(set) var atEnd = false
    /// True when the file starts with a UTF-8 byte order mark (which readers skip).
    private(set) var startsWithBOM = false

    private let fd: Int32
    /// Where `read` puts a chunk before checking it: allocated once, never cleared.
    private let scratch: UnsafeMutableRawBufferPointer
    // Position and decoder state, carried from one chunk to the next.
    private var line = 1
    private var lineStart = 0
    private var pending = 0          // continuation bytes still expected
    private var scalar: UInt32 = 0   // the scalar being decoded
    private var sequenceStart = 0    // offset of its first byte
    private var low: UInt8 = 0x80    // bounds of the next continuation byte
    private var high: UInt8 = 0xBF

    /// Opens `path`; throws a `DataError` when it cannot be read.
    init(path: String, kind: String, rejectInvalidUTF8: Bool, chunkSize: Int = 1 << 20) throws {
        self.path = path
        self.kind = kind
        self.rejectInvalidUTF8 = rejectInvalidUTF8
        self.chunkSize = chunkSize
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw DataError(file: path, reason: "cannot read the file (\(String(cString: strerror(errno)))); check that it exists and is readable")
        }
        scratch = .allocate(byteCount: max(chunkSize, 1), alignment: 16)
    }

    deinit {
        close(fd)
        scratch.deallocate()
    }

    /// Appends the next chunk (up to `chunkSize` bytes) to `buffer` after checking it; returns
    /// the number of bytes added, 0 at the end of the file.
    @discardableResult
    func read(appendingTo buffer: inout [UInt8]) throws -> Int {
        guard !atEnd else { return 0 }
        var got = 0
        repeat { got = Foundation.read(fd, scratch.baseAddress, chunkSize) } while got < 0 && errno == EINTR
        guard got >= 0 else {
            throw DataError(file: path, reason: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        if got == 0 {
            atEnd = true
            if checks, pending > 0 {
                if rejectInvalidUTF8 { throw invalidUTF8(at: sequenceStart) }
                firstInvalidUTF8 = firstInvalidUTF8 ?? sequenceStart
            }
            return 0
        }
        let bytes = UnsafeBufferPointer(start: scratch.baseAddress!.assumingMemoryBound(to: UInt8.self), count: got)
        if checks { try check(bytes) } else { offset += got }
        buffer.append(contentsOf: bytes)
        return got
    }

    /// The first `count` bytes of the file (fewer when it is shorter), unchecked, without
    /// moving the reading position: for sniffing an encoding.
    func head(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        return Array(bytes.prefix(max(0, got)))
    }

    /// Moves the reading position to `offset`, for a second pass over bytes already checked:
    /// checks are off from here on.
    func seek(to position: Int) throws {
        guard lseek(fd, off_t(position), SEEK_SET) >= 0 else {
            throw DataError(file: path, reason: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        checks = false
        atEnd = false
        offset = position
    }

    /// Reads the rest of the file, checking it, and returns nothing: for validating passes.
    func skipToEnd() throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkSize)
        while try read(appendingTo: &buffer) > 0 { buffer.removeAll(keepingCapacity: true) }
    }

    /// Line and column (1-based, in bytes) of absolute `offset`, valid for offsets in the
    /// chunk being checked or later on the current line.
    private func position(_ at: Int) -> (line: Int, column: Int) { (line, at - lineStart + 1) }

    private func error(at: Int, _ reason: String) -> DataError {
        let (l, c) = position(at)
        return DataError(file: path, line: l, column: c, path: "byte \(at)", reason: reason)
    }

    private func invalidUTF8(at: Int) -> DataError {
        error(at: at, "not UTF-8 text: \(kind) must be UTF-8 (the file is damaged, or was saved in another encoding\(encodingHint))")
    }

    private func check(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let base = offset
        var i = 0
        let n = bytes.count
        defer { offset = base + n }
        while i < n {
            let b = bytes[i]
            let at = base + i
            i += 1
            if pending == 0 {
                if b < 0x80 {
                    if b == 0x0A { line += 1; lineStart = at + 1 }
                    else if b == 0 {
                        throw error(at: at, "a NUL byte (binary data, not UTF-8 text): not \(kind)")
                    }
                    continue
                }
                sequenceStart = at
                low = 0x80; high = 0xBF
                switch b {
                case 0xC2...0xDF: pending = 1; scalar = UInt32(b & 0x1F)
                case 0xE0...0xEF:
                    pending = 2; scalar = UInt32(b & 0x0F)
                    if b == 0xE0 { low = 0xA0 } else if b == 0xED { high = 0x9F }
                case 0xF0...0xF4:
                    pending = 3; scalar = UInt32(b & 0x07)
                    if b == 0xF0 { low = 0x90 } else if b == 0xF4 { high = 0x8F }
                default:
                    try invalid(at)
                }
                continue
            }
            guard b >= low, b <= high else {
                // The sequence is cut short; this byte starts afresh.
                pending = 0
                try invalid(sequenceStart)
                i -= 1
                continue
            }
            low = 0x80; high = 0xBF
            scalar = scalar << 6 | UInt32(b & 0x3F)
            pending -= 1
            if pending == 0, scalar == 0xFEFF {
                if sequenceStart == 0 { startsWithBOM = true } else {
                    throw error(at: sequenceStart, "a byte order mark (U+FEFF) after the start of the file; it is allowed only as the first character (a file pasted together from several keeps their marks): remove it")
                }
            }
        }
    }

    private func invalid(_ at: Int) throws {
        if rejectInvalidUTF8 { throw invalidUTF8(at: at) }
        if firstInvalidUTF8 == nil { firstInvalidUTF8 = at }
    }
}
