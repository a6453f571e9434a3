import Foundation

/// Checks that a file is one JSON text (RFC 8259) in a single streaming pass, a chunk at a
/// time, holding only the nesting of brackets: a bad file fails at its first bad byte, named
/// by line, column and offset, before anything is built from it.
///
/// On the way it notes the document's `Outline`: where each top-level key's value starts, how
/// many rows its array has and the keys its rows use, so that `JSONImporter` can then read
/// the tables one row at a time (`JSONRowReader`) in the order their foreign keys need.
struct JSONSyntaxCheck {
    /// The shape of a document `{"table": [{row}, ...], ...}`, as far as the importer needs it.
    struct Outline {
        struct Table {
            /// Offset of the first byte of the table's value.
            var offset: Int
            /// Whether that value is an array.
            var isArray: Bool
            /// Values in the array.
            var rows = 0
            /// Keys of the rows that are objects.
            var keys = Set<String>()
        }
        /// Whether the document is an object.
        var isObject = false
        /// By key; a key given twice counts with its last value, as in `JSONSerialization`.
        var tables: [String: Table] = [:]
    }

    private(set) var outline = Outline()
    private var capturing = false
    private var captured: [UInt8] = []
    private var lastKey = ""

    /// Deeper nesting than any table of rows needs; more is refused rather than stacked.
    static let maxDepth = 512

    private enum State {
        case value            // a value is expected
        case valueOrClose     // after `[`: a value or `]`
        case keyOrClose       // after `{`: a key or `}`
        case key              // after `,` in an object
        case colon            // after a key
        case afterValue       // `,` or a closing bracket (or the end, at the top)
        case string(key: Bool)
        case escape(key: Bool)
        case unicode(key: Bool, left: Int)
        case literal(word: Int, at: Int)   // inside true, false or null
        case minus, zero, integer, dot, fraction, exponent, exponentSign, exponentDigits
        case end              // the top-level value is complete
    }

    private var state = State.value
    private var stack: [UInt8] = []   // `{` or `[` per open container
    private var line = 1
    private var lineStart = 0
    private var offset = 0
    let file: String

    init(file: String) { self.file = file }

    /// Checks the whole file through `input`; returns its outline.
    @discardableResult
    static func check(_ input: ChunkedInput) throws -> Outline {
        var checker = JSONSyntaxCheck(file: input.path)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(input.chunkSize)
        // Enough bytes to know whether the file starts with a byte order mark, which is skipped.
        while chunk.count < 3, try input.read(appendingTo: &chunk) > 0 {}
        var skip = input.startsWithBOM ? 3 : 0
        checker.offset = skip
        while !chunk.isEmpty {
            defer { skip = 0 }
            try chunk.withUnsafeBufferPointer { try checker.feed(UnsafeBufferPointer(rebasing: $0[skip...])) }
            chunk.removeAll(keepingCapacity: true)
            try input.read(appendingTo: &chunk)
        }
        try checker.finish()
        return checker.outline
    }

    private func error(_ reason: String, at: Int? = nil) -> DataError {
        let at = at ?? offset
        return DataError(file: file, line: line, column: at - lineStart + 1, path: "byte \(at)", reason: "not valid JSON: " + reason)
    }

    private static func describe(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return String(format: "byte 0x%02X", b)
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        for b in bytes {
            try step(b)
            if b == 0x0A { line += 1; lineStart = offset + 1 }
            offset += 1
        }
    }

    /// The end of the file: the value must be complete.
    mutating func finish() throws {
        switch state {
        case .end: return
        case .afterValue where stack.isEmpty: return
        case .zero, .integer, .fraction, .exponentDigits:
            if stack.isEmpty { return }
        case .value where stack.isEmpty:
            throw error("the file holds no value (it is empty or only whitespace)")
        default: break
        }
        switch state {
        case .string, .escape, .unicode: throw error("the file ends inside a string; it may be truncated")
        default: throw error(stack.isEmpty ? "the file ends inside a value; it may be truncated"
                                            : "the file ends with \(stack.count) bracket(s) still open; it may be truncated")
        }
    }

    private static let words: [[UInt8]] = [Array("true".utf8), Array("false".utf8), Array("null".utf8)]

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func step(_ b: UInt8) throws {
        switch state {
        case .string(let key):
            if b == 0x22 {
                state = key ? .colon : .afterValue
                if capturing { noteKey() }
                return
            }
            if capturing { captured.append(b) }
            if b == 0x5C { state = .escape(key: key) }
            else if b < 0x20 { throw error("a control character (\(Self.describe(b))) inside a string; write it as an escape such as \\n") }
            return
        case .escape(let key):
            if capturing { captured.append(b) }
            switch b {
            case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: state = .string(key: key)
            case 0x75: state = .unicode(key: key, left: 4)
            default: throw error("\\\(Self.describe(b)) is not an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
            }
            return
        case .unicode(let key, let left):
            guard Self.isDigit(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) else {
                throw error("\\u must be followed by four hexadecimal digits, found \(Self.describe(b))")
            }
            if capturing { captured.append(b) }
            state = left == 1 ? .string(key: key) : .unicode(key: key, left: left - 1)
            return
        case .literal(let word, let at):
            let letters = Self.words[word]
            guard b == letters[at] else {
                throw error("expected '\(String(decoding: letters, as: UTF8.self))', found \(Self.describe(b))")
            }
            state = at + 1 == letters.count ? .afterValue : .literal(word: word, at: at + 1)
            return
        case .minus:
            if b == 0x30 { state = .zero } else if Self.isDigit(b) { state = .integer }
            else { throw error("a digit must follow '-', found \(Self.describe(b))") }
            return
        case .zero:
            if b == 0x2E { state = .dot; return }
            if b == 0x65 || b == 0x45 { state = .exponent; return }
            if Self.isDigit(b) { throw error("a number may not start with 0 followed by digits") }
            state = .afterValue
        case .integer:
            if Self.isDigit(b) { return }
            if b == 0x2E { state = .dot; return }
            if b == 0x65 || b == 0x45 { state = .exponent; return }
            state = .afterValue
        case .dot:
            guard Self.isDigit(b) else { throw error("a digit must follow the decimal point, found \(Self.describe(b))") }
            state = .fraction
            return
        case .fraction:
            if Self.isDigit(b) { return }
            if b == 0x65 || b == 0x45 { state = .exponent; return }
            state = .afterValue
        case .exponent:
            if b == 0x2B || b == 0x2D { state = .exponentSign; return }
            guard Self.isDigit(b) else { throw error("a digit must follow the exponent, found \(Self.describe(b))") }
            state = .exponentDigits
            return
        case .exponentSign:
            guard Self.isDigit(b) else { throw error("a digit must follow the exponent's sign, found \(Self.describe(b))") }
            state = .exponentDigits
            return
        case .exponentDigits:
            if Self.isDigit(b) { return }
            state = .afterValue
        default:
            break
        }
        // Structural states; a number that just ended falls through to here with its
        // terminating byte.
        if Self.isSpace(b) { return }
        switch state {
        case .value, .valueOrClose:
            if b == 0x5D, case .valueOrClose = state { close(); return }
            noteValue(b)
            switch b {
            case 0x7B: try open(b); state = .keyOrClose
            case 0x5B: try open(b); state = .valueOrClose
            case 0x22: state = .string(key: false)
            case 0x2D: state = .minus
            case 0x30: state = .zero
            case 0x31...0x39: state = .integer
            case 0x74: state = .literal(word: 0, at: 1)
            case 0x66: state = .literal(word: 1, at: 1)
            case 0x6E: state = .literal(word: 2, at: 1)
            default: throw error("expected a value (a string, number, object, array, true, false or null), found \(Self.describe(b))")
            }
        case .keyOrClose, .key:
            if b == 0x7D, case .keyOrClose = state { close(); return }
            guard b == 0x22 else { throw error("expected a key in double quotes, found \(Self.describe(b))") }
            state = .string(key: true)
            // Table names (depth 1) and the keys of row objects (depth 3) are kept.
            capturing = stack.count == 1 || (stack.count == 3 && stack[1] == 0x5B && stack[2] == 0x7B)
            captured.removeAll(keepingCapacity: true)
        case .colon:
            guard b == 0x3A else { throw error("expected ':' after a key, found \(Self.describe(b))") }
            state = .value
        case .afterValue:
            guard let top = stack.last else { throw error("text after the end of the document: \(Self.describe(b))") }
            if b == 0x2C { state = top == 0x7B ? .key : .value; return }
            if (b == 0x7D && top == 0x7B) || (b == 0x5D && top == 0x5B) { close(); return }
            throw error("expected ',' or '\(top == 0x7B ? "}" : "]")', found \(Self.describe(b))")
        case .end:
            throw error("text after the end of the document: \(Self.describe(b))")
        default:
            throw error("unexpected \(Self.describe(b))")
        }
    }

    /// A key just ended: a table name, or a key of a row.
    private mutating func noteKey() {
        capturing = false
        let key = JSONRowReader.decode(captured) ?? String(decoding: captured, as: UTF8.self)
        if stack.count == 1 { lastKey = key } else { outline.tables[lastKey]?.keys.insert(key) }
    }

    /// A value starts with `b`: the document, a table, or a row.
    private mutating func noteValue(_ b: UInt8) {
        switch stack.count {
        case 0: outline.isObject = b == 0x7B
        case 1 where stack[0] == 0x7B: outline.tables[lastKey] = Outline.Table(offset: offset, isArray: b == 0x5B)
        case 2 where stack[0] == 0x7B && stack[1] == 0x5B: outline.tables[lastKey]?.rows += 1
        default: break
        }
    }

    private mutating func open(_ b: UInt8) throws {
        guard stack.count < Self.maxDepth else { throw error("nested deeper than \(Self.maxDepth) levels") }
        stack.append(b)
    }

    private mutating func close() {
        stack.removeLast()
        state = stack.isEmpty ? .end : .afterValue
    }
}
