import CLua
import CLuaBridge
import Foundation
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

    /// Pushes every row of a statement as a sequence of tables; returns the row count.
    /// The columns' declared types decide the conversion: DATE text becomes a Date value,
    /// BOOLEAN becomes true/false.
    ///
    /// The hot path of every query: values are read straight from SQLite (no Swift String or
    /// DatabaseValue per field) and the column names, the Date metatable and its key `n` sit
    /// in stack slots, so each field costs a push and a raw set, not a string conversion.
    ///
    /// `each`, when given, sees every row's SQLite statement once its table is made (to read
    /// more of the row without a second query), with the days of its DATE columns by column
    /// (parsed once, for Lua and for it).
    ///
    /// `seal`, when given, is the stack index of a kind's seal (`pmo` module: a table with
    /// `mt`, the kind's metatable, and the `__newindex`, `__tostring`, `__pairs` and `__name`
    /// every record of the kind carries): each row is then made a read-only record, an empty
    /// table whose metatable is the row itself (see `Record` in stdlib/pmo/init.lua).
    @discardableResult
    func pushRows(_ statement: Statement, seal: Int32? = nil, each: ((OpaquePointer?, [Day?]) -> Void)? = nil) throws -> Int {
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
        // Lua promises a C function only 20 free slots; this needs two per column and eight more
        // (the names, the Date slots, the last values, the result, a row, a key and a value).
        guard lua_checkstack(L, Int32(2 * names.count + 8 + Seal.slots)) != 0 else {
            throw LuaRaise.message("a result of \(names.count) columns does not fit on the Lua stack")
        }
        let sealed = try seal.map { try Seal(L, at: $0) }  // its slots sit below the result's
        let base = lua_gettop(L)
        for name in names { name.push(to: L) }           // base+1 ... base+count
        dateMetatable.push(to: L)                         // base+count+1
        "n".push(to: L)                                   // base+count+2
        lua_createtable(L, 0, 0)                          // base+count+3: Dates made so far, by day
        let metatableSlot = base + Int32(names.count) + 1
        let dates = DateSlots(metatable: metatableSlot, nKey: metatableSlot + 1, cache: metatableSlot + 2)
        let previous = metatableSlot + 3                  // each column's last text value
        for _ in names { lua_pushnil(L) }
        lua_createtable(L, 0, 0)
        var n = 0
        let cap = lkb_memorylimit(L)
        var days = [Day?](repeating: nil, count: names.count)
        var types = [Int32](repeating: SQLITE_NULL, count: names.count)   // the current row's, by column
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            n += 1
            // The rows so far count against the memory cap before the next one is made (the
            // allocator does not enforce it under a Swift frame: DESIGN.md, decision 1).
            if cap > 0, lkb_memoryused(L) > cap { throw LuaRows.overCap(L, cap, row: n) }
            // Sized for the fields the row has: a NULL leaves its field absent, and a table made
            // for every column can need twice the slots (Lua rounds up to a power of two).
            var fields: Int32 = 0
            for i in 0..<names.count {
                types[i] = sqlite3_column_type(sqlite, Int32(i))
                if types[i] != SQLITE_NULL { fields += 1 }
            }
            lua_createtable(L, 0, fields + (sealed == nil ? 0 : Seal.fields))
            for i in 0..<Int32(names.count) {
                // The key first, so that the value lands above it (no rotation); popped again
                // for a NULL, which leaves the field absent.
                lua_pushvalue(L, base + 1 + i)
                if try pushColumn(sqlite, i, types[Int(i)], kinds[Int(i)], dates, previous + i, cap: cap, row: n, day: &days[Int(i)]) {
                    lua_rawset(L, -3)
                } else {
                    lua_settop(L, -2)
                }
            }
            sealed?.record(L)
            lua_rawseti(L, -2, lua_Integer(n))
            each?(sqlite, days)
        }
        let result = sealed?.base ?? base + 1
        lkb_replace(L, result)                            // the result where the names (or the seal's slots) began
        lua_settop(L, result)
        return n
    }

    /// A kind's seal on the stack: the keys and values every record of the kind carries in
    /// its row (`__index` is the row itself), and the kind's metatable, which the row gets.
    struct Seal {
        static let keys = ["__index", "__newindex", "__tostring", "__pairs", "__name"]
        /// The fields a sealed row has room for beyond its columns: the seal's, and two the
        /// `pmo` module may add (a project's `__rec` and `__status`) without the row growing.
        static let fields = Int32(keys.count + 2)
        /// Stack slots: a key and a value for each field, and the metatable.
        static let slots = 2 * keys.count + 1
        /// The first of its slots.
        let base: Int32

        /// Pushes the seal's keys, values and metatable, read raw from the table at `index`;
        /// a seal without a metatable or one of its values is refused.
        init(_ L: OpaquePointer, at index: Int32) throws {
            let index = lua_absindex(L, index)
            guard lua_type(L, index) == LUA_TTABLE else { throw LuaRaise.message("a record seal must be a table") }
            base = lua_gettop(L) + 1
            for key in Seal.keys {
                key.push(to: L)
                if key == "__index" { lua_pushnil(L); continue }   // the row itself, set per row
                key.push(to: L)
                guard lua_rawget(L, index) != LUA_TNIL else { throw LuaRaise.message("a record seal has no '\(key)'") }
            }
            "mt".push(to: L)
            guard lua_rawget(L, index) == LUA_TTABLE else { throw LuaRaise.message("a record seal has no metatable 'mt'") }
        }

        /// Seals the row on top of the stack: sets the fields, gives it the kind's metatable,
        /// and replaces it with an empty table whose metatable is the row.
        func record(_ L: OpaquePointer) {
            for i in 0..<Int32(Seal.keys.count) {
                lua_pushvalue(L, base + 2 * i)
                if i == 0 { lua_pushvalue(L, -2) } else { lua_pushvalue(L, base + 2 * i + 1) }
                lua_rawset(L, -3)
            }
            lua_pushvalue(L, base + Int32(2 * Seal.keys.count))
            lua_setmetatable(L, -2)
            lua_createtable(L, 0, 0)
            lua_pushvalue(L, -2)
            lua_setmetatable(L, -2)
            lkb_replace(L, -2)
        }
    }

    /// Stack slots for making Date values: their metatable, the key `n`, and a table of the
    /// Dates made so far by day number. Dates are values (nothing in pmo changes one), so
    /// every row of a result that has the same day shares one Date, as Lua shares strings: a
    /// portfolio's dates repeat (month ends, the status date), and 70,000 date fields of
    /// 10,000 projects become a few hundred tables.
    struct DateSlots {
        let metatable: Int32
        let nKey: Int32
        let cache: Int32
    }

    /// Pushes the Date of `day`, shared through `slots.cache`.
    func push(_ day: Day, _ slots: DateSlots) {
        let n = lua_Integer(day.daysSinceEpoch)
        if lua_rawgeti(L, slots.cache, n) != LUA_TNIL { return }
        lua_settop(L, -2)
        lua_createtable(L, 0, 1)
        lua_pushvalue(L, slots.nKey)
        lua_pushinteger(L, n)
        lua_rawset(L, -3)
        lua_pushvalue(L, slots.metatable)
        lua_setmetatable(L, -2)
        lua_pushvalue(L, -1)
        lua_rawseti(L, slots.cache, n)
    }

    /// Pushes column `i` of the current row, of SQLite type `type`; returns false (nothing
    /// pushed) for NULL. Text
    /// equal to the column's value in the row before is that same Lua string, pushed from
    /// `previous`: rows in id order repeat their project, status and author columns, and
    /// comparing the bytes costs less than Lua hashing and interning them again.
    ///
    /// A string or blob is counted against the memory cap `cap` (0: none) before Lua copies
    /// it: one that does not fit in what is left is a memory error, not a copy.
    private func pushColumn(_ sqlite: OpaquePointer?, _ i: Int32, _ type: Int32, _ kind: ColumnKind, _ dates: DateSlots,
                            _ previous: Int32, cap: Int, row: Int, day parsed: inout Day?) throws -> Bool {
        parsed = nil
        switch type {
        case SQLITE_NULL:
            return false
        case SQLITE_INTEGER:
            let v = sqlite3_column_int64(sqlite, i)
            if kind == .boolean { lua_pushboolean(L, v != 0 ? 1 : 0) } else { lua_pushinteger(L, lua_Integer(v)) }
        case SQLITE_FLOAT:
            lua_pushnumber(L, sqlite3_column_double(sqlite, i))
        default:
            let count = Int(sqlite3_column_bytes(sqlite, i))
            guard let text = sqlite3_column_text(sqlite, i) else {
                _ = lua_pushlstring(L, "", 0)
                return true
            }
            if kind == .date, let day = Day(isoBytes: UnsafeBufferPointer(start: text, count: count)) {
                parsed = day
                push(day, dates)
            } else {
                var length = 0
                if let last = lua_tolstring(L, previous, &length), length == count, memcmp(last, text, count) == 0 {
                    lua_pushvalue(L, previous)
                } else {
                    if cap > 0, count > cap &- min(cap, lkb_memoryused(L)) {
                        throw LuaRows.overCap(L, cap, row: row, value: count)
                    }
                    text.withMemoryRebound(to: CChar.self, capacity: count) { _ = lua_pushlstring(L, $0, count) }
                    lua_copy(L, -1, previous)
                }
            }
        }
        return true
    }

    enum ColumnKind { case plain, date, boolean }

    /// The memory error of a result that does not fit under the cap.
    static func overCap(_ L: OpaquePointer, _ cap: Int, row: Int, value: Int? = nil) -> LuaRaise {
        let left = cap &- min(cap, lkb_memoryused(L))
        if let value {
            return .memory("row \(row) of the result has a value of \(mebibytes(value)), more than the \(mebibytes(left)) left of the memory limit of \(mebibytes(cap)); select less, or aggregate in SQL")
        }
        return .memory("the rows read so far (\(row - 1)) pass the memory limit of \(mebibytes(cap)); select fewer rows, or aggregate in SQL")
    }

    /// "1.5 MiB", "64 MiB", "512 bytes".
    static func mebibytes(_ bytes: Int) -> String {
        if bytes < 1 << 20 { return bytes < 1024 ? "\(bytes) bytes" : "\(bytes >> 10) KiB" }
        let m = Double(bytes) / 1_048_576
        return m == m.rounded() ? "\(Int(m)) MiB" : String(format: "%.1f MiB", m)
    }

}
