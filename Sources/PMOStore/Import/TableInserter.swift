#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import GRDB

/// A prepared `INSERT` into one table, bound through the SQLite C API so that the bulk import
/// path allocates nothing per value. A constraint failure becomes a `DataError` naming the
/// row's source, the field and the value, found by re-checking the row's keys.
final class TableInserter {
    let table: TableSchema
    let columns: [ColumnSchema]
    private let db: Database
    private let statement: Statement
    /// The values of the next row. A raw buffer rather than an array property, because every
    /// write to a class's array property pays a dynamic exclusivity check, per field per row.
    private let values: UnsafeMutableBufferPointer<FieldValue>
    private(set) var inserted = 0
    /// The rows go to an import's stage (`TableRefresh`), with their place in the input.
    private let staged: Bool

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private static let `static` = unsafeBitCast(0, to: sqlite3_destructor_type.self)

    /// An insert into `table`, or with `stage` into that table (SQL name) of the same columns
    /// plus `_line`, which `insert(at:ordinal:)` sets.
    init(db: Database, table: TableSchema, columns: [ColumnSchema], stage: String? = nil) throws {
        self.db = db
        self.table = table
        self.columns = columns
        self.staged = stage != nil
        let names = (columns.map { $0.name.quotedDatabaseIdentifier } + (stage == nil ? [] : ["_line"])).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count + (stage == nil ? 0 : 1)).joined(separator: ", ")
        statement = try db.makeStatement(sql: "INSERT INTO \(stage ?? table.name.quotedDatabaseIdentifier) (\(names)) VALUES (\(marks))")
        values = .allocate(capacity: columns.count)
        values.initialize(repeating: .null)
        // A bulk write of time-phased rows: the packed curves are rebuilt whole at commit, and
        // the triggers need not note each row's project.
        if table.name == "timephased" && stage == nil { try ProjectCurves.markAllStale(db) }
    }

    deinit {
        values.deinitialize()
        values.deallocate()
    }

    /// Sets the value of column `index` (0-based, in `columns` order) for the next insert.
    func set(_ index: Int, _ value: FieldValue) {
        values[index] = value
    }

    /// Inserts the values set so far, then clears them. `ordinal` is the row's place in the
    /// input (its line, or its index), kept in a stage's `_line`.
    func insert(at location: SourceLocation, ordinal: Int = 0) throws {
        let stmt = statement.sqliteStatement
        if staged { sqlite3_bind_int64(stmt, Int32(values.count + 1), Int64(ordinal)) }
        for (i, value) in values.enumerated() {
            let position = Int32(i + 1)
            switch value {
            case .null: sqlite3_bind_null(stmt, position)
            case .integer(let v): sqlite3_bind_int64(stmt, position, v)
            case .real(let v): sqlite3_bind_double(stmt, position, v)
            case .bytes(let b):
                // Static: the bytes stay in the caller's input buffer until after the step
                // below, and every position is rebound before the next one, so SQLite need
                // not copy them (a malloc and a memcpy per field on the bulk path).
                _ = sqlite3_bind_text(stmt, position, b.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                      Int32(b.count), TableInserter.static)
            case .text(let s):
                var s = s
                s.withUTF8 { buffer in
                    _ = sqlite3_bind_text(stmt, position, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                          Int32(buffer.count), TableInserter.transient)
                }
            }
        }
        let code = sqlite3_step(stmt)
        let extended = sqlite3_extended_errcode(db.sqliteConnection)
        let message = code == SQLITE_DONE ? "" : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(stmt)
        guard code == SQLITE_DONE else {
            throw try diagnose(code: code, extended: extended, message: message, at: location)
        }
        inserted += 1
        for i in values.indices { values[i] = .null }
    }

    /// Names the field and value behind a failed insert.
    private func diagnose(code: Int32, extended: Int32, message: String, at location: SourceLocation) throws -> DataError {
        func value(of name: String) -> String? {
            columns.firstIndex { $0.name == name }.flatMap { values[$0].display }
        }
        switch ResultCode(rawValue: extended) {
        case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
            let key = table.primaryKey.isEmpty ? (HistoryShape.keyOverrides[table.name] ?? columns.map(\.name)) : table.primaryKey
            let shown = key.map { "\($0)=\(value(of: $0) ?? "")" }.joined(separator: ", ")
            if staged {
                return location.error(field: key.first, value: key.count == 1 ? value(of: key[0]) : shown,
                                      "duplicate: a row of \(table.name) with \(shown) comes earlier in this input; give each row its own key")
            }
            return location.error(field: key.first, value: key.count == 1 ? value(of: key[0]) : shown,
                                  "duplicate: \(table.name) already has a row with \(shown) (earlier in this input or already in the store); give each row its own id")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            for column in columns {
                guard let parent = column.references, let v = value(of: column.name) else { continue }
                let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(parent.quotedDatabaseIdentifier) WHERE id = ?)", arguments: [v]) ?? false
                if !exists {
                    return location.error(field: column.name, value: v,
                                          "no row of \(parent) has this id; add it to \(parent) first (parents must come before the rows that refer to them) or fix the reference")
                }
            }
            return location.error("refers to a row that does not exist (\(message))")
        case .SQLITE_CONSTRAINT_CHECK:
            let rule = message.replacingOccurrences(of: "CHECK constraint failed: ", with: "")
            let field = columns.first { rule.hasPrefix($0.name) }?.name
            return location.error(field: field, value: field.flatMap { value(of: $0) }, "breaks the rule \(rule)")
        case .SQLITE_CONSTRAINT_NOTNULL:
            let field = message.split(separator: ".").last.map(String.init)
            return location.error(field: field, "a value is required")
        default:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }
}
