import Foundation
import PMOModel

/// A checked, typed value on its way into a column.
enum FieldValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as a message shows it.
    var display: String? {
        switch self {
        case .null: nil
        case .integer(let i): String(i)
        case .real(let d): String(d)
        case .text(let s): s
        }
    }
}

/// Turns raw text (a CSV cell, a JSON string, an XML element's text) into a column's value,
/// or says why it cannot. One place, so every importer accepts and rejects the same things.
enum FieldParser {
    /// The reason `text` does not fit `column`, or the value. Empty text is NULL.
    static func parse(_ text: String, for column: ColumnSchema) -> Result<FieldValue, FieldProblem> {
        if text.isEmpty {
            return column.required ? .failure(FieldProblem("a value is required")) : .success(.null)
        }
        switch column.type {
        case .text:
            if let allowed = column.allowedValues, !allowed.contains(text) {
                return .failure(FieldProblem("not one of: \(allowed.joined(separator: ", "))"))
            }
            return .success(.text(text))
        case .integer:
            if let i = Int64(text) { return .success(.integer(i)) }
            return .failure(FieldProblem("not a whole number (expected digits, e.g. 42)"))
        case .real:
            if let d = parseNumber(text) { return .success(.real(d)) }
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

/// Why a field's text was refused.
struct FieldProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
