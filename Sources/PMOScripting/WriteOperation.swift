import GRDB
import LuaKit
import PMOStore

/// The store's tables and columns, read from SQLite itself: writes from Lua may name only
/// these, so identifiers spliced into SQL are always real ones (values are always bound).
struct TableInfo {
    let columns: [String]
    let primaryKey: [String]
    /// The columns' types, allowed values and bounds: what every write is checked against.
    let schema: TableSchema?

    static func of(_ table: String, in store: PortfolioStore) throws -> TableInfo? {
        try store.reader.read { db in try of(table, in: db) }
    }

    static func of(_ table: String, in db: Database) throws -> TableInfo? {
        guard try db.tableExists(table), !table.hasPrefix("sqlite_"), !table.hasPrefix("grdb_") else { return nil }
        let cols = try db.columns(in: table)
        let pk = try db.primaryKey(table).columns
        return TableInfo(columns: cols.map(\.name), primaryKey: pk, schema: try StoreSchema.schema(ofTable: table, in: db))
    }
}

/// One insert, update or delete requested by `pmo.transaction`.
struct WriteOperation {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    enum Kind: String { case insert, update, delete }

    let kind: Kind
    let table: String
    let key: [(String, DatabaseValue)]
    let fields: [(String, DatabaseValue)]
    /// How the error messages name this operation: "insert #2 into risks (id 'R9')".
    let label: String

    init(_ value: LuaValue, number: Int, host: PMOHost) throws {
        guard let t = value.tableValue else { throw LuaRaise.message("write operation #\(number) is not a table") }
        guard let k = t["op"].stringValue.flatMap(Kind.init(rawValue:)) else {
            throw LuaRaise.message("write operation #\(number): op must be insert, update or delete")
        }
        guard let table = t["table"].stringValue else { throw LuaRaise.message("write operation #\(number): no table") }
        guard let info = try TableInfo.of(table, in: try host.store) else {
            throw LuaRaise.message("write operation #\(number): no table '\(table)' in the store")
        }
        var keyText = ""
        func pairs(_ v: LuaValue, _ what: String) throws -> [(String, DatabaseValue)] {
            guard let tt = v.tableValue else { return [] }
            var out: [(String, DatabaseValue)] = []
            for (name, value) in tt.pairs {
                // A key may also name the primary key SQLite gives a table that declares none
                // (`rowid`: timephased), which is not among its columns.
                guard let column = name.stringValue else {
                    throw LuaRaise.message("\(k.rawValue) into \(table): a field name must be a string, got a \(name.typeName) (\(name)) (fields: \(info.columns.joined(separator: ", "))); nothing was written")
                }
                guard info.columns.contains(column) || (what == "key" && info.primaryKey.contains(column)) else {
                    throw LuaRaise.message("\(k.rawValue) into \(table): unknown field '\(name)' (fields: \(info.columns.joined(separator: ", "))); nothing was written")
                }
                var dbValue = try host.databaseValue(value, what: "value for field '\(column)'")
                // Fields written are checked against the schema's one declaration, as imports
                // are (StoreSchema): a number is a number, a date a day, within bounds.
                if what == "fields", let schema = info.schema?.column(column) {
                    switch schema.checked(dbValue) {
                    case .success(let v): dbValue = v
                    case .failure(let refusal):
                        throw LuaRaise.message("write operation #\(number) (\(k.rawValue) into \(table)\(keyText.isEmpty ? "" : " " + keyText)): \(refusal); nothing was written")
                    }
                }
                out.append((column, dbValue))
            }
            return out.sorted { $0.0 < $1.0 }
        }
        kind = k
        self.table = table
        let keyPairs = try pairs(t["key"], "key")
        keyText = keyPairs.map { "\($0.0) '\($0.1.storage.value.map { "\($0)" } ?? "nil")'" }.joined(separator: ", ")
        key = keyPairs
        fields = try pairs(t["fields"], "fields")
        label = "\(k.rawValue) #\(number) into \(table)\(keyText.isEmpty ? "" : " (\(keyText))")"
        if k != .insert, key.isEmpty { throw Failure(message: "\(label): no key") }
        if k != .delete, fields.isEmpty { throw Failure(message: "\(label): no fields") }
    }

    /// Runs the statement; returns the rows changed. An update or delete that matches no row
    /// is an error: a script that thinks it changed something should hear that it did not.
    func apply(_ db: Database) throws -> Int {
        let q = { (name: String) in "\"\(name)\"" }
        // IS rather than =, so that a key column given as pmo.null matches NULL (and SQLite
        // uses an index for IS as it does for =).
        let match = key.map { "\(q($0.0)) IS ?" }.joined(separator: " AND ")
        let sql: String
        let args: [DatabaseValue]
        switch kind {
        case .insert:
            sql = "INSERT INTO \(q(table)) (\(fields.map { q($0.0) }.joined(separator: ", "))) VALUES (\(fields.map { _ in "?" }.joined(separator: ", ")))"
            args = fields.map(\.1)
        case .update:
            sql = "UPDATE \(q(table)) SET \(fields.map { "\(q($0.0)) = ?" }.joined(separator: ", ")) WHERE \(match)"
            args = fields.map(\.1) + key.map(\.1)
        case .delete:
            sql = "DELETE FROM \(q(table)) WHERE \(match)"
            args = key.map(\.1)
        }
        do {
            try db.execute(sql: sql, arguments: StatementArguments(args))
        } catch let e as DatabaseError {
            throw Failure(message: "\(label) failed, nothing was written: \(e.message ?? "\(e)")")
        }
        if db.changesCount == 0 {
            throw Failure(message: "\(label) matched no row, nothing was written")
        }
        return db.changesCount
    }
}

private extension DatabaseValue.Storage {
    var value: Any? {
        switch self {
        case .null: return nil
        case .int64(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .blob(let b): return b
        }
    }
}
