import Foundation

/// An RFC 4180 reader over UTF-8 bytes: quoted fields with commas, line breaks and doubled
/// quotes; CRLF or LF line ends; an optional UTF-8 byte order mark at the start of the file.
///
/// Hand-written rather than taken from a library because the import must reach 200,000
/// rows/s: it scans bytes once, hands out fields as byte ranges and builds a String only for
/// the fields a caller asks for.
///
/// A file is read in chunks (`ChunkedInput`): the buffer holds the record being read and the
/// rest of its chunk, never the whole file, and a record may not grow past `maxRecordBytes`.
/// Fields are ranges of the buffer and are valid until the next call of `next`.
struct CSVReader {
    /// A field as a byte range; `escaped` when it held doubled quotes to undo; `quoted` when
    /// it was written in quotes (so `""` is an empty text, and a bare empty field no value).
    struct Field {
        var start: Int
        var end: Int
        var escaped: Bool
        var quoted = false
    }

    /// Why the bytes are not CSV.
    struct Problem: Error {
        let line: Int
        let reason: String
    }

    /// The longest record accepted: a longer one is almost always a quote that never closes,
    /// and would otherwise pull the rest of the file into memory.
    static let maxRecordBytes = 16 << 20

    /// The bytes of the current record and what follows it in the chunks read so far.
    private(set) var bytes: [UInt8]
    /// Where the bytes come from when they do not all fit in `bytes` at once.
    private let input: ChunkedInput?
    /// Offset in the file of `bytes[0]`.
    private var base = 0
    /// Index in `bytes` of the next unread byte.
    private var cursor = 0
    /// Line (1-based) on which the record last returned by `next` starts.
    private(set) var recordLine = 0
    private var line = 1

    /// A reader of bytes already in memory.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        input = nil
        cursor = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// A reader of a file, read chunk by chunk through `input`.
    init(input: ChunkedInput) throws {
        self.input = input
        bytes = []
        bytes.reserveCapacity(input.chunkSize * 2)
        // Enough bytes to know whether the file starts with a byte order mark.
        while bytes.count < 3, try input.read(appendingTo: &bytes) > 0 {}
        cursor = input.startsWithBOM ? 3 : 0
    }

    /// Offset in the file of the next unread byte.
    var position: Int { base + cursor }

    /// Whether every byte read so far is valid UTF-8 (so fields may skip their own check).
    var validUTF8SoFar: Bool { input?.firstInvalidUTF8 == nil }

    private var atEnd: Bool { input?.atEnd ?? true }

    /// Reads the next record into `fields`; false at the end of the input. A blank line
    /// (nothing between two line breaks) reads as a record with one empty field.
    mutating func next(into fields: inout [Field]) throws -> Bool {
        fields.removeAll(keepingCapacity: true)
        // Drop what earlier records used once it is a chunk's worth, so the buffer stays small.
        if let input, cursor >= input.chunkSize {
            bytes.removeSubrange(0..<cursor)
            base += cursor
            cursor = 0
        }
        while true {
            if cursor >= bytes.count {
                guard !atEnd else { return false }
                if try input!.read(appendingTo: &bytes) == 0 { return false }
                continue
            }
            let startLine = line
            if try parseRecord(into: &fields) { return true }
            // The record runs past the bytes read so far: read more and parse it again.
            fields.removeAll(keepingCapacity: true)
            line = startLine
            let pending = bytes.count - cursor
            if pending > Self.maxRecordBytes {
                throw Problem(line: startLine, reason: "a record longer than \(Self.maxRecordBytes >> 20) MiB starts here; a quote is probably missing (a quoted field runs on)")
            }
            // Read at least as much again as the record has so far, so that a long record is
            // parsed again a logarithmic number of times, not once per chunk.
            var added = 0
            repeat {
                let got = try input!.read(appendingTo: &bytes)
                added += got
                if got == 0 { break }
            } while added < pending && pending + added <= Self.maxRecordBytes
        }
    }

    /// Parses one record from `cursor`; false when it needs bytes not read yet.
    private mutating func parseRecord(into fields: inout [Field]) throws(Problem) -> Bool {
        let final = atEnd
        recordLine = line
        return try bytes.withUnsafeBufferPointer { b throws(Problem) -> Bool in
            var p = cursor
            let n = b.count
            var line = self.line
            defer { self.line = line }
            while true {
                if p < n, b[p] == 0x22 {
                    // Quoted field: runs to the next quote not followed by another quote.
                    let quoteLine = line
                    let start = p + 1
                    var q = start
                    var escaped = false
                    while true {
                        guard q < n else {
                            guard final else { return false }
                            throw Problem(line: quoteLine, reason: "a quoted field starting here never ends (the file may be truncated, or a quote is missing)")
                        }
                        let c = b[q]
                        if c == 0x22 {
                            if q + 1 >= n, !final { return false }
                            if q + 1 < n, b[q + 1] == 0x22 { escaped = true; q += 2; continue }
                            break
                        }
                        if c == 0x0A { line += 1 }
                        q += 1
                    }
                    fields.append(Field(start: start, end: q, escaped: escaped, quoted: true))
                    p = q + 1
                    guard p >= n || b[p] == 0x2C || b[p] == 0x0A || b[p] == 0x0D else {
                        throw Problem(line: line, reason: "text after a closing quote; a quote inside a quoted field must be doubled (\"\")")
                    }
                } else {
                    let start = p
                    while p < n {
                        let c = b[p]
                        if c == 0x2C || c == 0x0A || c == 0x0D { break }
                        if c == 0x22 {
                            throw Problem(line: line, reason: "a quote inside an unquoted field; quote the whole field and double the quote (\"\")")
                        }
                        p += 1
                    }
                    fields.append(Field(start: start, end: p, escaped: false))
                }
                if p >= n {
                    guard final else { return false }
                    break
                }
                let c = b[p]
                p += 1
                if c == 0x2C { continue }
                if c == 0x0D {
                    if p >= n, !final { return false }
                    if p < n, b[p] == 0x0A { p += 1 }
                }
                line += 1
                break
            }
            cursor = p
            return true
        }
    }

    /// Calls `body` with the buffer the current record's fields index.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer(body)
    }

    /// The field's value: nil for a bare empty field (no value), else its text with doubled
    /// quotes undone. Throws nothing; `nil` text for invalid UTF-8 is reported by `text`.
    func value(_ field: Field) -> String?? {
        if field.start == field.end && !field.quoted { return .some(nil) }
        return text(field).map { .some($0) }
    }

    /// The field's text, with doubled quotes undone; nil when it is not valid UTF-8.
    func text(_ field: Field) -> String? {
        bytes.withUnsafeBufferPointer { b in
            let slice = UnsafeBufferPointer(rebasing: b[field.start..<field.end])
            guard let text = String(validating: slice, as: UTF8.self) else { return nil }
            return field.escaped ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
        }
    }

    /// True when the field is empty.
    func isEmpty(_ field: Field) -> Bool { field.start == field.end }
}
