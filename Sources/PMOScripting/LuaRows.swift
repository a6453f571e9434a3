import CLua
import CLuaBridge
import GRDB
import GRDBSQLite
import LuaKit
import PMOModel

/// Pushes database rows and model values onto a Lua stack as the plain tables the `pmo`
/// module hands to scripts: column names as keys, DATE columns as Date values, NULL as absent.
struct LuaRows {
    let L: OpaquePointer
    /// Registry reference of `pmo.date.Date`, the metatable of Date values.
    let dateMetatable: LuaTable

    /// Pushes a Date value `{n = day number}`.
    func push(_ day: Day) {
        lua_createtable(L, 0, 1)
        lua_pushinteger(L, lua_Integer(day.daysSinceEpoch))
        rawSet("n")
        dateMetatable.push(to: L)
        lua_setmetatable(L, -2)
    }

    /// Pops a value into field `key` of the table below it, raw (lua_setfield could run
    /// metamethods, and so raise, under a Swift frame).
    func rawSet(_ key: String) {
        key.push(to: L)
        lkb_insert(L, -2)
        lua_rawset(L, -3)
    }

    /// Sets `t[key] = value` on the table on top of the stack, skipping nil.
    func set(_ key: String, _ value: String?) {
        guard let value else { return }
        value.push(to: L)
        rawSet(key)
    }
    func set(_ key: String, _ value: Double?) {
        guard let value else { return }
        lua_pushnumber(L, value)
        rawSet(key)
    }
    func set(_ key: String, _ value: Int?) {
        guard let value else { return }
        lua_pushinteger(L, lua_Integer(value))
        rawSet(key)
    }
    func set(_ key: String, _ value: Day?) {
        guard let value else { return }
        push(value)
        rawSet(key)
    }

    /// Pushes every row of a statement as a sequence of tables; returns the row count.
    /// The columns' declared types decide the conversion: DATE text becomes a Date value,
    /// BOOLEAN becomes true/false.
    @discardableResult
    func pushRows(_ statement: Statement) throws -> Int {
        let names = statement.columnNames
        let sqlite = statement.sqliteStatement
        let kinds: [ColumnKind] = (0..<names.count).map { i in
            guard let t = sqlite3_column_decltype(sqlite, Int32(i)) else { return .plain }
            switch String(cString: t).uppercased() {
            case "DATE": return .date
            case "BOOLEAN": return .boolean
            default: return .plain
            }
        }
        lua_createtable(L, 0, 0)
        var n = 0
        let rows = try Row.fetchCursor(statement)
        while let row = try rows.next() {
            n += 1
            lua_createtable(L, 0, Int32(names.count))
            for i in 0..<names.count {
                if pushValue(row[i] as DatabaseValue, kinds[i]) {
                    rawSet(names[i])
                }
            }
            lua_rawseti(L, -2, lua_Integer(n))
        }
        return n
    }

    enum ColumnKind { case plain, date, boolean }

    /// Pushes one value; returns false (nothing pushed) for NULL.
    func pushValue(_ value: DatabaseValue, _ kind: ColumnKind) -> Bool {
        switch value.storage {
        case .null:
            return false
        case .int64(let i):
            if kind == .boolean { lua_pushboolean(L, i != 0 ? 1 : 0) } else { lua_pushinteger(L, lua_Integer(i)) }
        case .double(let d):
            lua_pushnumber(L, d)
        case .string(let s):
            if kind == .date, let day = Day(s) { push(day) } else { s.push(to: L) }
        case .blob(let data):
            LuaString(bytes: [UInt8](data)).push(to: L)
        }
        return true
    }
}
