import Foundation
import GRDB
import PMOModel

/// One insert, update or delete of a row of a store table, as plain data: what
/// `pmo.transaction` asks for. `PortfolioStore.apply(_:)` checks a list of them against the
/// schema and applies them in one transaction.
///
/// ```swift
/// try store.apply([
///     RowChange(.update, table: "projects", key: [("id", .text("PRJ-001"))], fields: [("phase", .text("closing"))]),
///     RowChange(.delete, table: "risks", key: [("id", .text("PRJ-001/R2"))]),
/// ])
/// ```
public struct RowChange: Sendable {
    /// What the change does.
    public enum Action: String, Sendable {
        case insert, update, delete
    }

    public var action: Action
    /// The table's name (`projects`, `risks`...).
    public var table: String
    /// The values that find the row (update, delete): primary-key columns, any other column,
    /// or `rowid` for a table that declares no key (`timephased`). `.null` matches NULL.
    public var key: [(column: String, value: SQLValue)]
    /// The values written (insert, update), each checked against its column.
    public var fields: [(column: String, value: SQLValue)]

    public init(_ action: Action, table: String, key: [(column: String, value: SQLValue)] = [],
                fields: [(column: String, value: SQLValue)] = []) {
        self.action = action
        self.table = table
        self.key = key
        self.fields = fields
    }
}

/// Why a list of row changes was not applied: the change (by its position in the list) and
/// the reason, in the words a script sees ("update #2 into projects (id 'P9') matched no row,
/// nothing was written"). Nothing was written.
public struct RowChangeRefusal: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// A store table as a write may name it: its columns, its primary key (`rowid` for a table
/// that declares none) and the schema every written value is checked against.
public struct TableInfo: Sendable {
    public let columns: [String]
    public let primaryKey: [String]
    /// The columns' types, allowed values and bounds.
    public let schema: TableSchema?

    /// The table `table`, or nil when the store has no such table (SQLite's and GRDB's own
    /// tables are not the store's).
    static func of(_ table: String, in db: Database) throws -> TableInfo? {
        // The history is written by the store as it records a revision, never by a script.
        guard try db.tableExists(table), !table.hasPrefix("sqlite_"), !table.hasPrefix("grdb_"),
              !StoreSchema.historyTables.contains(table) else { return nil }
        let cols = try db.columns(in: table)
        let pk = try db.primaryKey(table).columns
        return TableInfo(columns: cols.map(\.name), primaryKey: pk, schema: try StoreSchema.schema(ofTable: table, in: db))
    }
}

extension PortfolioStore {
    /// The table `name` as writes see it, or nil when the store has none.
    public func tableInfo(_ name: String) throws -> TableInfo? {
        try reader.read { db in try TableInfo.of(name, in: db) }
    }

    /// Checks every change against the schema (the table and fields exist; each written value
    /// fits its column: `ColumnSchema.checked`), then applies them in order in one
    /// transaction: all of them, or, on any refusal or failure, none. An update or delete that
    /// matches no row is a failure: a script that thinks it changed something should hear that
    /// it did not. Returns the number of rows changed.
    ///
    /// The changes are recorded as one revision of kind `transaction` (docs/history.md),
    /// `source` naming what made them (default: `pmo.transaction` and the command line); a
    /// list that changes nothing records nothing.
    ///
    /// Throws `RowChangeRefusal` for a change refused or failed (naming it by its position),
    /// `StoreError` when the store cannot be written (read-only, busy), `DatabaseError` for
    /// any other SQLite failure.
    @discardableResult
    public func apply(_ changes: [RowChange], source: String? = nil, knownOn: Day? = nil) throws -> Int {
        var tables: [String: TableInfo] = [:]
        let checked = try reader.read { db in
            try changes.enumerated().map { i, change in
                try CheckedChange(change, number: i + 1, tables: &tables, db: db)
            }
        }
        var total = 0
        let command = CommandLine.arguments.enumerated().map { $0.offset == 0 ? ($0.element as NSString).lastPathComponent : $0.element }
        _ = try recordedWrite(kind: .transaction, source: source ?? "pmo.transaction (\(command.joined(separator: " ")))", format: nil,
                              sha256: { nil }, options: RevisionOptions(knownOn: knownOn)) { db, _ in
            total = 0
            for change in checked { total += try change.apply(db) }
        }
        return total
    }
}

/// A `RowChange` checked against its table: the statement it runs and how messages name it.
struct CheckedChange {
    let change: RowChange
    let key: [(String, DatabaseValue)]
    let fields: [(String, DatabaseValue)]
    /// How the error messages name this change: "insert #2 into risks (id 'R9')".
    let label: String

    init(_ change: RowChange, number: Int, tables: inout [String: TableInfo], db: Database) throws {
        self.change = change
        let action = change.action.rawValue, table = change.table
        let known = try tables[table] ?? TableInfo.of(table, in: db)
        guard let info = known else {
            throw RowChangeRefusal(message: "write operation #\(number): no table '\(table)' in the store")
        }
        tables[table] = info
        var keyText = ""
        func checked(_ pairs: [(column: String, value: SQLValue)], isKey: Bool) throws -> [(String, DatabaseValue)] {
            var out: [(String, DatabaseValue)] = []
            for (column, value) in pairs {
                // A key may also name the primary key SQLite gives a table that declares none
                // (`rowid`: timephased), which is not among its columns.
                guard info.columns.contains(column) || (isKey && info.primaryKey.contains(column)) else {
                    throw RowChangeRefusal(message: "\(action) into \(table): unknown field '\(column)' (fields: \(info.columns.joined(separator: ", "))); nothing was written")
                }
                var dbValue = value.databaseValue
                // Fields written are checked against the schema's one declaration, as imports
                // are (StoreSchema): a number is a number, a date a day, within bounds.
                if !isKey, let schema = info.schema?.column(column) {
                    switch schema.checked(dbValue) {
                    case .success(let v): dbValue = v
                    case .failure(let refusal):
                        throw RowChangeRefusal(message: "write operation #\(number) (\(action) into \(table)\(keyText.isEmpty ? "" : " " + keyText)): \(refusal); nothing was written")
                    }
                }
                out.append((column, dbValue))
            }
            return out.sorted { $0.0 < $1.0 }
        }
        key = try checked(change.key, isKey: true)
        keyText = key.map { "\($0.0) '\($0.1.storage.shown)'" }.joined(separator: ", ")
        fields = try checked(change.fields, isKey: false)
        label = "\(action) #\(number) into \(table)\(keyText.isEmpty ? "" : " (\(keyText))")"
        if change.action != .insert, key.isEmpty { throw RowChangeRefusal(message: "\(label): no key") }
        if change.action != .delete, fields.isEmpty { throw RowChangeRefusal(message: "\(label): no fields") }
    }

    /// Runs the statement; returns the rows changed. Identifiers are the table's own (checked
    /// above), values are bound.
    func apply(_ db: Database) throws -> Int {
        let q = { (name: String) in name.quotedDatabaseIdentifier }
        let table = q(change.table)
        // IS rather than =, so that a key column given as NULL matches NULL (and SQLite
        // uses an index for IS as it does for =).
        let match = key.map { "\(q($0.0)) IS ?" }.joined(separator: " AND ")
        let sql: String
        let args: [DatabaseValue]
        switch change.action {
        case .insert:
            sql = "INSERT INTO \(table) (\(fields.map { q($0.0) }.joined(separator: ", "))) VALUES (\(fields.map { _ in "?" }.joined(separator: ", ")))"
            args = fields.map(\.1)
        case .update:
            sql = "UPDATE \(table) SET \(fields.map { "\(q($0.0)) = ?" }.joined(separator: ", ")) WHERE \(match)"
            args = fields.map(\.1) + key.map(\.1)
        case .delete:
            sql = "DELETE FROM \(table) WHERE \(match)"
            args = key.map(\.1)
        }
        do {
            try db.execute(sql: sql, arguments: StatementArguments(args))
        } catch let e as DatabaseError {
            throw RowChangeRefusal(message: "\(label) failed, nothing was written: \(e.message ?? "\(e)")")
        }
        if db.changesCount == 0 {
            throw RowChangeRefusal(message: "\(label) matched no row, nothing was written")
        }
        return db.changesCount
    }
}

extension SQLValue {
    /// The value as GRDB binds it.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let i): return i.databaseValue
        case .real(let d): return d.databaseValue
        case .text(let s): return s.databaseValue
        case .blob(let b): return Data(b).databaseValue
        }
    }
}

private extension DatabaseValue.Storage {
    /// The value as a change's label quotes it: 'PRJ-001', '5', 'nil'.
    var shown: String {
        switch self {
        case .null: return "nil"
        case .int64(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .string(let s): return s
        case .blob(let b): return "\(b)"
        }
    }
}
