import Foundation
import GRDB
import GRDBSQLite

/// A value read by `PortfolioStore.query`, as SQLite typed it.
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

/// The result of a read-only SQL query: column names and rows of values.
public struct SQLResult: Sendable, Hashable {
    /// Column names, in select order.
    public var columns: [String]
    /// Rows, each with one value per column.
    public var rows: [[SQLValue]]
}

extension PortfolioStore {
    /// Runs one read-only SQL statement (the analysts' `pmo.sql`) with `?` arguments, under the
    /// allow-list of `ScriptSQL` (a refused statement throws `ScriptSQLRefusal`). The number of
    /// arguments must be the statement's number of parameters (else a `ScriptSQLRefusal` too).
    ///
    /// ```swift
    /// let r = try store.query("SELECT phase, count(*) FROM projects WHERE bac > ? GROUP BY phase", [.real(1e6)])
    /// ```
    public func query(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLResult {
        try scriptRead { db in
            let statement = try db.makeStatement(sql: sql)
            let expected = ScriptSQL.parameterCount(statement)
            guard arguments.count == expected else {
                throw ScriptSQLRefusal(reason: ScriptSQL.countMismatch(expected: expected, given: arguments.count))
            }
            let values: [(any DatabaseValueConvertible)?] = arguments.map { value in
                switch value {
                case .null: nil
                case .integer(let i): i
                case .real(let d): d
                case .text(let s): s
                case .blob(let b): Data(b)
                }
            }
            try statement.setArguments(StatementArguments(values))
            var result = SQLResult(columns: statement.columnNames, rows: [])
            let rows = try Row.fetchCursor(statement)
            while let row = try rows.next() {
                result.rows.append(row.databaseValues.map { dbValue in
                    switch dbValue.storage {
                    case .null: .null
                    case .int64(let i): .integer(i)
                    case .double(let d): .real(d)
                    case .string(let s): .text(s)
                    case .blob(let data): .blob([UInt8](data))
                    }
                })
            }
            return result
        }
    }
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
