import LuaKit
import PMOStore

extension RowChange {
    /// The change `pmo.transaction` queued as `{op = "insert"|"update"|"delete", table,
    /// key = {...}, fields = {...}}`, the `number`th of its list, with its values as plain
    /// data. Only the shape and the values are read here; the store checks the table, the
    /// fields and the values against its schema (`PortfolioStore.apply`).
    init(lua value: LuaValue, number: Int, host: PMOHost) throws {
        guard let t = value.tableValue else { throw LuaRaise.message("write operation #\(number) is not a table") }
        guard let action = t["op"].stringValue.flatMap(Action.init(rawValue:)) else {
            throw LuaRaise.message("write operation #\(number): op must be insert, update or delete")
        }
        guard let table = t["table"].stringValue else { throw LuaRaise.message("write operation #\(number): no table") }
        func pairs(_ v: LuaValue) throws -> [(column: String, value: SQLValue)] {
            guard let tt = v.tableValue else { return [] }
            var out: [(column: String, value: SQLValue)] = []
            for (name, value) in tt.pairs {
                guard let column = name.stringValue else {
                    // The message lists the fields there are, as the store's for an unknown one.
                    guard let info = try host.store.tableInfo(table) else {
                        throw LuaRaise.message("write operation #\(number): no table '\(table)' in the store")
                    }
                    throw LuaRaise.message("\(action.rawValue) into \(table): a field name must be a string, got a \(name.typeName) (\(name)) (fields: \(info.columns.joined(separator: ", "))); nothing was written")
                }
                out.append((column, try host.sqlValue(value, what: "value for field '\(column)'")))
            }
            return out
        }
        self.init(action, table: table, key: try pairs(t["key"]), fields: try pairs(t["fields"]))
    }
}
