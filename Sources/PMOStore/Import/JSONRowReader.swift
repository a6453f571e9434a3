import Foundation

/// One value of a JSON row: what a column can hold, or a container it cannot.
enum JSONScalar: Equatable {
    case null
    case bool(Bool)
    /// A number as written, so that whole numbers convert exactly.
    case number(String)
    case string(String)
    /// An array or an object, skipped.
    case container
}

/// Reads one table of a JSON document that `JSONSyntaxCheck` has already found well-formed,
/// one row object at a time from its array, so that the importer holds one row, not the
/// document. Starts at the array's `[` (the outline's offset).
struct JSONRowReader {
    private let input: ChunkedInput
    private var buffer: [UInt8] = []
    private var index = 0
    private let file: String

    /// Positions `input` at `offset`, the table's `[`.
    init(input: ChunkedInput, offset: Int) throws {
        self.input = input
        file = input.path
        try input.seek(to: offset)
        buffer.reserveCapacity(input.chunkSize)
        guard try byte() == 0x5B else { throw broken("expected '['") }
        first = true
    }

    private var first = true

    /// The next row: its keys and values, or `.some(nil)` for a value that is not an object,
    /// or nil after the last row.
    mutating func next() throws -> [String: JSONScalar]?? {
        var b = try skipSpace()
        if b == 0x5D { index += 1; return nil }
        if !first {
            guard b == 0x2C else { throw broken("expected ',' between rows") }
            index += 1
            b = try skipSpace()
        }
        first = false
        guard b == 0x7B else {
            _ = try value()
            return .some(nil)
        }
        index += 1
        var row: [String: JSONScalar] = [:]
        var c = try skipSpace()
        if c == 0x7D { index += 1; return row }
        while true {
            guard c == 0x22 else { throw broken("expected a key") }
            index += 1
            let key = try string()
            guard try skipSpace() == 0x3A else { throw broken("expected ':'") }
            index += 1
            _ = try skipSpace()
            row[key] = try value()
            c = try skipSpace()
            index += 1
            if c == 0x7D { return row }
            guard c == 0x2C else { throw broken("expected ',' or '}'") }
            c = try skipSpace()
        }
    }

    // MARK: bytes

    /// The byte at the cursor, reading a chunk when needed; nil at the end of the file.
    private mutating func peek() throws -> UInt8? {
        if index == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            index = 0
            if try input.read(appendingTo: &buffer) == 0 { return nil }
        }
        return buffer[index]
    }

    private mutating func byte() throws -> UInt8 {
        guard let b = try peek() else { throw broken("the file ended") }
        index += 1
        return b
    }

    /// Skips whitespace; returns the byte at the cursor (not consumed).
    private mutating func skipSpace() throws -> UInt8 {
        while let b = try peek() {
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { index += 1 } else { return b }
        }
        throw broken("the file ended")
    }

    /// The file changed between the check and this pass, or the check let something through.
    private func broken(_ what: String) -> DataError {
        DataError(file: file, reason: "not valid JSON on the second reading (\(what)); was the file changed during the import?")
    }

    // MARK: values

    /// The value at the cursor (not whitespace).
    private mutating func value() throws -> JSONScalar {
        let b = try byte()
        switch b {
        case 0x22: return .string(try string())
        case 0x74: try skip(3); return .bool(true)
        case 0x66: try skip(4); return .bool(false)
        case 0x6E: try skip(3); return .null
        case 0x5B, 0x7B:
            try skipContainer()
            return .container
        default:
            var text = [b]
            while let c = try peek(), c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 || (c >= 0x30 && c <= 0x39) {
                text.append(c)
                index += 1
            }
            return .number(String(decoding: text, as: UTF8.self))
        }
    }

    private mutating func skip(_ n: Int) throws {
        for _ in 0..<n { _ = try byte() }
    }

    /// Skips to the end of the array or object whose opening bracket was just read.
    private mutating func skipContainer() throws {
        var depth = 1
        while depth > 0 {
            switch try byte() {
            case 0x22: _ = try rawString()
            case 0x5B, 0x7B: depth += 1
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
    }

    /// The bytes of a string whose opening quote was just read, escapes as written.
    private mutating func rawString() throws -> [UInt8] {
        var raw: [UInt8] = []
        while true {
            let b = try byte()
            if b == 0x22 { return raw }
            raw.append(b)
            if b == 0x5C { raw.append(try byte()) }
        }
    }

    /// A string whose opening quote was just read, escapes undone.
    private mutating func string() throws -> String {
        let raw = try rawString()
        guard let text = JSONRowReader.decode(raw) else {
            throw DataError(file: file, reason: "not valid JSON: a \\u escape is half of a UTF-16 surrogate pair without the other half")
        }
        return text
    }

    /// Undoes the escapes of a string's bytes (RFC 8259 section 7); nil for a lone surrogate.
    static func decode(_ raw: [UInt8]) -> String? {
        guard raw.contains(0x5C) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            return UInt32(String(decoding: raw[at..<at + 4], as: UTF8.self), radix: 16)
        }
        while i < raw.count {
            let b = raw[i]
            guard b == 0x5C, i + 1 < raw.count else { out.append(b); i += 1; continue }
            let e = raw[i + 1]
            i += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var code = hex4(i) else { return nil }
                i += 4
                if (0xD800...0xDBFF).contains(code) {
                    guard i + 1 < raw.count, raw[i] == 0x5C, raw[i + 1] == 0x75, let low = hex4(i + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                    i += 6
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: out.append(e)   // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
