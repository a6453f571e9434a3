/// Reads typed fields out of an evaluated data file, turning every mismatch into a
/// `ConfigError` that names the file, the line that sets the field, and the field.
struct ConfigReader {
    let file: String
    let source: String

    func error(_ path: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: DataFileEvaluator.line(of: path, in: source), message: "field '\(path)': \(message)")
    }

    /// The named fields of a table; an unknown name is an error listing the known ones.
    func fields(_ v: ConfigValue, path: String, known: [String]) throws -> [String: ConfigValue] {
        guard case .table(let fields, let items) = v else {
            throw error(path, "expected a table, got a \(v.typeName)")
        }
        if !items.isEmpty {
            throw ConfigError(file: file, line: DataFileEvaluator.line(of: path, in: source),
                              message: "\(path.isEmpty ? "the config" : "field '\(path)'") has list items; expected only named fields: \(known.joined(separator: ", "))")
        }
        for name in fields.keys.sorted() where !known.contains(name) {
            let full = path.isEmpty ? name : path + "." + name
            throw error(full, "unknown field; known fields\(path.isEmpty ? "" : " of '\(path)'"): \(known.joined(separator: ", "))")
        }
        return fields
    }

    func list(_ v: ConfigValue, path: String) throws -> [ConfigValue] {
        guard case .table(let fields, let items) = v, fields.isEmpty else {
            throw error(path, "expected a list such as { \"a\", \"b\" }, got a \(v.typeName)\(v.typeName == "table" ? " with named fields" : "")")
        }
        return items
    }

    func string(_ v: ConfigValue, path: String) throws -> String {
        guard case .string(let s) = v else { throw error(path, "expected a string, got a \(v.typeName)") }
        return s
    }

    func choice(_ v: ConfigValue, path: String, of options: [String]) throws -> String {
        let s = try string(v, path: path)
        guard options.contains(s) else {
            throw error(path, "expected \(options.map { "\"\($0)\"" }.joined(separator: " or ")), got \"\(s)\"")
        }
        return s
    }
}
