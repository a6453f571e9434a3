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
        let statement = try db.makeStatement(sql: TableDump.selectSQL(table))
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

    /// The rows in key order; in a table whose rows name a parent row of the same table
    /// (tasks.parent_id, calendars.base_calendar_id), parents first (by depth, then key),
    /// because an import inserts rows in file order and checks each reference as it goes:
    /// by key alone, `T10` (a child) comes before `T9` (its parent). Rows no root leads to
    /// (a loop of parents, which no import accepts) come last, in key order.
    static func selectSQL(_ table: TableSchema) -> String {
        let name = table.name.quotedDatabaseIdentifier
        let columns = table.columns.map { "t." + $0.name.quotedDatabaseIdentifier }.joined(separator: ", ")
        let key = table.primaryKey.isEmpty ? "t.rowid" : table.primaryKey.map { "t." + $0.quotedDatabaseIdentifier }.joined(separator: ", ")
        guard table.hasId, let parent = table.columns.first(where: { $0.references == table.name && $0.name != "id" }) else {
            return "SELECT \(columns) FROM \(name) AS t ORDER BY \(key)"
        }
        let p = parent.name.quotedDatabaseIdentifier
        return """
            WITH RECURSIVE depth(pmo_id, pmo_depth) AS (
                SELECT id, 0 FROM \(name) WHERE \(p) IS NULL
                UNION ALL SELECT c.id, depth.pmo_depth + 1 FROM \(name) AS c JOIN depth ON c.\(p) = depth.pmo_id
            )
            SELECT \(columns) FROM \(name) AS t LEFT JOIN depth ON depth.pmo_id = t.id
            ORDER BY depth.pmo_depth IS NULL, depth.pmo_depth, \(key)
            """
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
