import Foundation
import PMOModel

/// A checked, typed value on its way into a column.
enum FieldValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// UTF-8 text still in the input buffer (the CSV fast path); valid only until the insert.
    case bytes(UnsafeBufferPointer<UInt8>)

    /// The value as a message shows it.
    var display: String? {
        switch self {
        case .null: nil
        case .integer(let i): String(i)
        case .real(let d): String(d)
        case .text(let s): s
        case .bytes(let b): String(decoding: b, as: UTF8.self)
        }
    }

    /// Same kind and same value (bytes compare by content).
    static func == (a: FieldValue, b: FieldValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.integer(x), .integer(y)): x == y
        case let (.real(x), .real(y)): x == y
        case let (.text(x), .text(y)): x == y
        case let (.bytes(x), .bytes(y)): x.elementsEqual(y)
        default: false
        }
    }
}

/// Turns raw text (a CSV cell, a JSON string, an XML element's text) into a column's value,
/// or says why it cannot. One place, so every importer accepts and rejects the same things.
enum FieldParser {
    /// The reason `text` does not fit `column`, or the value. Nil is no value (NULL); an
    /// empty text is an empty string in a text column (a quoted `""` in CSV) and no value in
    /// any other column.
    static func parse(_ text: String?, for column: ColumnSchema) -> Result<FieldValue, FieldProblem> {
        guard let text, !text.isEmpty || (column.type == .text && column.allowedValues == nil) else {
            return column.required ? .failure(FieldProblem("a value is required")) : .success(.null)
        }
        switch column.type {
        case .text:
            if let allowed = column.allowedValues, !allowed.contains(text) {
                return .failure(FieldProblem("not one of: \(allowed.joined(separator: ", "))"))
            }
            return .success(.text(text))
        case .integer:
            if let i = Int64(text) {
                if let why = column.outOfBounds(Double(i)) { return .failure(FieldProblem("\(why) (\(column.expected) expected)")) }
                return .success(.integer(i))
            }
            return .failure(FieldProblem("not a whole number (expected digits, e.g. 42)"))
        case .real:
            if let d = parseNumber(text) {
                if let why = column.outOfBounds(d) { return .failure(FieldProblem("\(why) (\(column.expected) expected)")) }
                return .success(.real(d))
            }
            return .failure(FieldProblem("not a number (expected digits with '.' as decimal point and no thousands separator, e.g. 1250000.50)"))
        case .date:
            if let day = Day(text) { return .success(.text(day.description)) }
            return .failure(FieldProblem("not a date (expected an existing day as yyyy-MM-dd, e.g. 2026-03-31)"))
        case .boolean:
            switch text.lowercased() {
            case "1", "true", "yes": return .success(.integer(1))
            case "0", "false", "no": return .success(.integer(0))
            default: return .failure(FieldProblem("not a yes/no value (expected true, false, 1 or 0)"))
            }
        }
    }

    /// A finite decimal number: optional sign, digits, optional fraction and exponent. Rejects
    /// what `Double.init` would also take but a spreadsheet user did not mean (`nan`, `inf`, hex).
    static func parseNumber(_ text: String) -> Double? {
        var sawDigit = false
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        if index < utf8.endIndex, utf8[index] == 0x2D || utf8[index] == 0x2B { index = utf8.index(after: index) }
        var sawDot = false, sawExponent = false
        while index < utf8.endIndex {
            let c = utf8[index]
            switch c {
            case 0x30...0x39: sawDigit = true
            case 0x2E where !sawDot && !sawExponent: sawDot = true
            case 0x45, 0x65:
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
                let next = utf8.index(after: index)
                if next < utf8.endIndex, utf8[next] == 0x2D || utf8[next] == 0x2B { index = next }
            default: return nil
            }
            index = utf8.index(after: index)
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

extension FieldParser {
    /// The CSV fast path: converts a field still in the input buffer without building a
    /// String for the common cases (plain text, ISO dates, decimal numbers). Returns nil when
    /// the field needs the general path (`parse`), which also words the errors.
    static func parseBytes(_ b: UnsafeBufferPointer<UInt8>, for column: ColumnSchema) -> FieldValue? {
        guard !b.isEmpty else { return nil }
        switch column.type {
        case .text:
            return column.allowedValues == nil ? .bytes(b) : nil
        case .date:
            return Day(isoBytes: b) != nil ? .bytes(b) : nil
        case .integer:
            // Out of bounds: the general path words the error.
            guard let i = wholeNumber(b), column.outOfBounds(Double(i)) == nil else { return nil }
            return .integer(i)
        case .real:
            guard let d = decimal(b), column.outOfBounds(d) == nil else { return nil }
            return .real(d)
        case .boolean:
            return nil
        }
    }

    static func wholeNumber(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0, negative = false
        if b[0] == 0x2D { negative = true; i = 1 }
        guard i < b.count, b.count - i <= 18 else { return nil }
        var v: Int64 = 0
        while i < b.count {
            let d = b[i] &- 0x30
            guard d < 10 else { return nil }
            v = v * 10 + Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    /// Plain decimals (`-1234.56`) with at most 15 significant digits: the mantissa and the
    /// power of ten are then exact doubles, so one division gives the correctly rounded value
    /// (Clinger's fast path). Anything else goes to the general parser.
    static func decimal(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0, negative = false
        if b[0] == 0x2D { negative = true; i = 1 }
        var mantissa: Int64 = 0, digits = 0, fraction = 0, sawDot = false
        while i < b.count {
            let c = b[i]
            if c == 0x2E {
                guard !sawDot else { return nil }
                sawDot = true
            } else {
                let d = c &- 0x30
                guard d < 10 else { return nil }
                mantissa = mantissa * 10 + Int64(d)
                digits += 1
                if sawDot { fraction += 1 }
                guard digits <= 15 else { return nil }
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        let value = Double(mantissa) / powersOfTen[fraction]
        return negative ? -value : value
    }

    static let powersOfTen: [Double] = (0...15).map { (0..<$0).reduce(1.0) { p, _ in p * 10 } }
}

/// Why a field's text was refused.
struct FieldProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
