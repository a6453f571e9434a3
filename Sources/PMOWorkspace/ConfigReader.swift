import LuaKit

/// Reads typed fields out of an evaluated data file, turning every mismatch into a
/// `ConfigError` that names the file, the line that sets the field, and the field.
public struct ConfigReader {
    let file: String
    let source: String

    /// A reader of `source`, the text of `file` (for the lines errors name).
    public init(file: String, source: String) {
        self.file = file
        self.source = source
    }

    public func error(_ path: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: DataFileEvaluator.line(of: path, in: source), message: "field '\(path)': \(message)")
    }

    /// The named fields of a table; an unknown name is an error listing the known ones, and
    /// so are list items (which `DataFileEvaluator` keeps as decimal keys beside named ones).
    public func fields(_ v: LuaData, path: String, known: [String]) throws -> [String: LuaData] {
        let fields: [String: LuaData]
        switch v {
        case .object(let o): fields = o
        case .array(let a) where a.isEmpty: fields = [:]
        case .array: throw listItems(path, known: known)
        default: throw error(path, "expected a table, got a \(v.typeName)")
        }
        if fields.keys.contains(where: { key in Int(key).map { $0 >= 1 && String($0) == key } ?? false }) {
            throw listItems(path, known: known)
        }
        for name in fields.keys.sorted() where !known.contains(name) {
            let full = path.isEmpty ? name : path + "." + name
            throw error(full, "unknown field; known fields\(path.isEmpty ? "" : " of '\(path)'"): \(known.joined(separator: ", "))")
        }
        return fields
    }

    private func listItems(_ path: String, known: [String]) -> ConfigError {
        ConfigError(file: file, line: DataFileEvaluator.line(of: path, in: source),
                    message: "\(path.isEmpty ? "the config" : "field '\(path)'") has list items; expected only named fields: \(known.joined(separator: ", "))")
    }

    public func list(_ v: LuaData, path: String) throws -> [LuaData] {
        guard case .array(let items) = v else {
            throw error(path, "expected a list such as { \"a\", \"b\" }, got a \(v.typeName)\(v.typeName == "table" ? " with named fields" : "")")
        }
        return items
    }

    /// The string-keyed entries of a table, whatever their names (an empty table has none);
    /// nil for a value that is not a table.
    public func entries(_ v: LuaData) -> [String: LuaData]? {
        switch v {
        case .object(let o): return o
        case .array(let a) where a.isEmpty: return [:]
        default: return nil
        }
    }

    public func string(_ v: LuaData, path: String) throws -> String {
        guard case .string(let s) = v else { throw error(path, "expected a string, got a \(v.typeName)") }
        return s
    }

    public func choice(_ v: LuaData, path: String, of options: [String]) throws -> String {
        let s = try string(v, path: path)
        guard options.contains(s) else {
            throw error(path, "expected \(options.map { "\"\($0)\"" }.joined(separator: " or ")), got \"\(s)\"")
        }
        return s
    }
}
