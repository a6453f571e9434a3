import Foundation
import GRDB
import GRDBSQLite

/// A value as SQLite types it, as plain data: what a `RowChange` writes.
public enum SQLValue: Sendable, Hashable {
    /// NULL.
    case null
    /// An INTEGER (also BOOLEAN columns, as 0 or 1).
    case integer(Int64)
    /// A REAL.
    case real(Double)
    /// TEXT (also DATE columns, as `yyyy-MM-dd`).
    case text(String)
    /// A BLOB.
    case blob([UInt8])
}

extension ScriptSQL {
    /// The number of values a statement binds (`sqlite3_bind_parameter_count`: the largest
    /// parameter index, `?`, `?NNN`, `:name`, `@name` and `$name` alike).
    public static func parameterCount(_ statement: Statement) -> Int {
        Int(sqlite3_bind_parameter_count(statement.sqliteStatement))
    }

    /// "the statement has 1 parameter, and 0 values were given".
    public static func countMismatch(expected: Int, given: Int) -> String {
        let p = expected == 1 ? "1 parameter" : "\(expected) parameters"
        let v = given == 1 ? "1 value was" : "\(given) values were"
        return "the statement has \(p), and \(v) given"
    }
}
