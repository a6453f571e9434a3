/// A value of a data-only Lua file (a config or a manifest), copied out of Lua: only what
/// a table literal can build. Functions, userdata and threads are refused on the way out.
public indirect enum ConfigValue: Equatable, Sendable {
    /// A string.
    case string(String)
    /// A Lua integer.
    case integer(Int)
    /// A Lua float.
    case number(Double)
    /// true or false.
    case boolean(Bool)
    /// A table: its string keys, and its array part `1...n` in order.
    case table(fields: [String: ConfigValue], items: [ConfigValue])

    /// The Lua type name, for error messages.
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .integer, .number: return "number"
        case .boolean: return "boolean"
        case .table: return "table"
        }
    }
}
