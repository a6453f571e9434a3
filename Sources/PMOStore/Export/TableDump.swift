#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import Foundation
import GRDB

/// Reads a table for export: its columns plus its custom fields as extra columns, rows in
/// key order, values already formatted as text (nil for NULL) the way importers read them back.
struct TableDump {
    let table: TableSchema
    /// Column names: the table's, then its custom field names (sorted).
    let header: [String]
    let customNames: [String]

    init(db: Database, table: TableSchema) throws {
        self.table = table
        customNames = table.hasId
            ? try String.fetchAll(db, sql: "SELECT DISTINCT name FROM custom_fields WHERE entity = ? ORDER BY name", arguments: [table.name])
            : []
        header = table.columns.map(\.name) + customNames
    }

    /// Calls `body` with each row's values, in the order of `header`.
    func forEachRow(db: Database, _ body: ([String?]) throws -> Void) throws {
        var custom: [String: [String: String]] = [:]
        if !customNames.isEmpty {
            let rows = try Row.fetchCursor(db, sql: "SELECT entity_id, name, value FROM custom_fields WHERE entity = ?", arguments: [table.name])
            while let row = try rows.next() { custom[row[0], default: [:]][row[1]] = row[2] }
        }
        let order = table.primaryKey.isEmpty ? "rowid" : table.primaryKey.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let columns = table.columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "SELECT \(columns) FROM \(table.name.quotedDatabaseIdentifier) ORDER BY \(order)")
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        var values = [String?](repeating: nil, count: header.count)
        let idIndex = table.columns.firstIndex { $0.name == "id" }
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            for (i, column) in table.columns.enumerated() {
                values[i] = TableDump.text(stmt, Int32(i), column.type)
            }
            if !customNames.isEmpty, let idIndex, let id = values[idIndex] {
                let fields = custom[id]
                for (j, name) in customNames.enumerated() { values[table.columns.count + j] = fields?[name] }
            }
            try body(values)
        }
    }

    static func text(_ stmt: OpaquePointer?, _ i: Int32, _ type: ColumnType) -> String? {
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_NULL:
            return nil
        case SQLITE_INTEGER:
            let v = sqlite3_column_int64(stmt, i)
            return type == .boolean ? (v != 0 ? "true" : "false") : String(v)
        case SQLITE_FLOAT:
            return number(sqlite3_column_double(stmt, i))
        default:
            return String(cString: sqlite3_column_text(stmt, i))
        }
    }

    /// Whole numbers without a fraction (as a spreadsheet shows them), others in Swift's
    /// shortest form that reads back to the same Double.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}
