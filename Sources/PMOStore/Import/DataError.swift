import Foundation

/// Bad input: names the file, the place in it (line, or XML element path, or JSON path), the
/// field, the offending value and why. Importers throw it and the transaction rolls back.
///
/// Printed as `data/projects.csv:12: field 'bac', value '12,5': not a number (...)`.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The input file.
    public var file: String
    /// 1-based line, for line-oriented input.
    public var line: Int?
    /// 1-based column (in bytes) within `line`, when the error is at one byte of the input.
    public var column: Int?
    /// Element or key path, for XML and JSON input.
    public var path: String?
    /// The column or field.
    public var field: String?
    /// The offending value.
    public var value: String?
    /// Why it is wrong, and what to do about it.
    public var reason: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil, field: String? = nil, value: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.field = field
        self.value = value
        self.reason = reason
    }

    /// Where in the input the error is.
    public var location: SourceLocation {
        SourceLocation(file: file, line: line, column: column, path: path)
    }

    /// `file:line:column: path: field 'f', value 'v': reason`.
    public var description: String {
        var text = location.description
        var what: [String] = []
        if let field { what.append("field '\(field)'") }
        if let value { what.append("value '\(DataError.shortened(value))'") }
        if !what.isEmpty { text += ": " + what.joined(separator: ", ") }
        return text + ": " + reason
    }

    /// Long or multi-line values are cut so the message stays one readable line.
    static func shortened(_ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        return flat.count > 60 ? String(flat.prefix(57)) + "..." : flat
    }
}

/// A place in an input, as errors and warnings name it: `file:line:column: path`.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The input file.
    public var file: String
    /// 1-based line.
    public var line: Int?
    /// 1-based column (in bytes) within `line`, when the place is one byte of the input.
    public var column: Int?
    /// Element or key path.
    public var path: String?

    /// Creates a location.
    public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
    }

    /// `file:line:column: path`, each part only when known (a column only after a line).
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if line != nil, let column { text += ":\(column)" }
        if let path { text += ": \(path)" }
        return text
    }

    /// A data error at this location.
    public func error(field: String? = nil, value: String? = nil, _ reason: String) -> DataError {
        DataError(file: file, line: line, column: column, path: path, field: field, value: value, reason: reason)
    }
}
