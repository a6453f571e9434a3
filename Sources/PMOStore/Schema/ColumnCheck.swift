import GRDB
import PMOModel

extension ColumnSchema {
    /// What the column holds, as a refusal says it: "a number >= 0", "one of: open, closed".
    public var expected: String {
        var text: String
        switch type {
        case .text:
            if let allowed = allowedValues { return "one of: \(allowed.joined(separator: ", "))" }
            return "text"
        case .integer: text = "a whole number"
        case .real: text = "a finite number"
        case .date: return "a Date or an existing day as text yyyy-MM-dd"
        case .boolean: return "true or false"
        }
        switch (minimum, maximum) {
        case let (lo?, hi?): text += " from \(Self.bound(lo)) to \(Self.bound(hi))"
        case let (lo?, nil): text += " >= \(Self.bound(lo))"
        case let (nil, hi?): text += " <= \(Self.bound(hi))"
        case (nil, nil): break
        }
        return text
    }

    /// The reason a number is outside the column's bounds, or nil.
    func outOfBounds(_ value: Double) -> String? {
        if let lo = minimum, value < lo { return "below \(Self.bound(lo))" }
        if let hi = maximum, value > hi { return "above \(Self.bound(hi))" }
        return nil
    }

    static func bound(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    /// Why a typed value (from a model record: the MSPDI and Jira importers, the demo) may not
    /// go into the column, or nil: the same bounds and allowed values, and no NaN or infinity.
    func problem(with value: FieldValue) -> String? {
        switch value {
        case .null:
            return nil
        case .real(let d):
            guard d.isFinite else { return "\(d.isNaN ? "NaN" : "infinity") is not a number (\(expected) expected)" }
            return outOfBounds(d).map { "\($0) (\(expected) expected)" }
        case .integer(let i):
            guard type == .integer || type == .real else { return nil }
            return outOfBounds(Double(i)).map { "\($0) (\(expected) expected)" }
        case .text(let t):
            if let allowed = allowedValues, !allowed.contains(t) { return "not one of: \(allowed.joined(separator: ", "))" }
            return nil
        case .bytes:
            return nil
        }
    }

    /// A value a script wants to write, checked against the column (its type, allowed values
    /// and bounds, as the importers check text): the value to bind, or why it is refused.
    /// Numbers stay numbers and text stays text: `"abc"` is no number, a whole double goes
    /// into an INTEGER column as an integer, NaN and infinities are refused (SQLite would
    /// store NaN as NULL), and a date must name a day that exists.
    public func checked(_ value: DatabaseValue) -> Result<DatabaseValue, ColumnRefusal> {
        func refuse(_ reason: String) -> Result<DatabaseValue, ColumnRefusal> {
            .failure(ColumnRefusal(column: name, value: value, reason: reason, expected: expected))
        }
        switch value.storage {
        case .null:
            return required ? refuse("a value is required") : .success(value)
        case .blob:
            return refuse("bytes given")
        case .string(let text):
            switch type {
            case .text:
                if let allowed = allowedValues, !allowed.contains(text) { return refuse("not an allowed value") }
                return .success(value)
            case .date:
                guard let day = Day(text) else { return refuse("not an existing day") }
                return .success(day.description.databaseValue)
            case .integer, .real, .boolean:
                return refuse("text given")
            }
        case .int64(let i):
            switch type {
            case .integer:
                if let why = outOfBounds(Double(i)) { return refuse(why) }
                return .success(value)
            case .real:
                if let why = outOfBounds(Double(i)) { return refuse(why) }
                return .success(Double(i).databaseValue)
            case .boolean:
                return i == 0 || i == 1 ? .success(value) : refuse("not 0 or 1")
            case .text, .date:
                return refuse("a number given")
            }
        case .double(let d):
            guard d.isFinite else { return refuse(d.isNaN ? "NaN is not a number" : "infinity is not a number") }
            switch type {
            case .real:
                if let why = outOfBounds(d) { return refuse(why) }
                return .success(value)
            case .integer:
                // Exactly representable whole numbers only; Int64(exactly:) never traps.
                guard let i = Int64(exactly: d) else { return refuse("not a whole number") }
                if let why = outOfBounds(d) { return refuse(why) }
                return .success(i.databaseValue)
            case .boolean:
                return d == 0 || d == 1 ? .success(Int64(d == 1 ? 1 : 0).databaseValue) : refuse("not 0 or 1")
            case .text, .date:
                return refuse("a number given")
            }
        }
    }
}

/// Why a value may not go into a column: the column, the value, the reason and what the
/// column holds.
public struct ColumnRefusal: Error, CustomStringConvertible, Sendable {
    public let column: String
    public let value: DatabaseValue
    public let reason: String
    public let expected: String

    /// The value as the message quotes it: text in quotes, numbers as Lua prints them.
    public var valueText: String {
        switch value.storage {
        case .null: return "nil"
        case .int64(let i): return String(i)
        case .double(let d):
            if d.isNaN { return "nan" }
            if d.isInfinite { return d < 0 ? "-inf" : "inf" }
            return String(d)
        case .string(let s): return "\"\(s)\""
        case .blob(let b): return "<\(b.count) bytes>"
        }
    }

    public var description: String {
        "field '\(column)' cannot take \(valueText): \(reason) (\(expected) expected)"
    }
}
