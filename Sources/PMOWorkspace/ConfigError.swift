/// A config file or manifest that cannot be used: where (file, line when known, field) and
/// why, in Lua's own `file:line: message` form so editors can jump to it.
///
/// Printed as `pmo.config.lua:4: field 'report.fail_on': expected "red" or "amber", got "blue"`.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file, as the user named it or as discovery found it.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
