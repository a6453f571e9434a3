import Foundation
import GRDB
import GRDBSQLite
import LuaKit
import PMOModel

/// Pushes database rows and model values onto a Lua stack as the plain tables the `pmo`
/// module hands to scripts: column names as keys, DATE columns as Date values, NULL as absent.
/// Through LuaKit's `LuaTableBuilder`: this file names values by slot and never counts stack
/// indexes.
struct LuaRows {
    let call: LuaCall
    /// Registry reference of `pmo.date.Date`, the metatable of Date values.
    let dateMetatable: LuaTable

    /// Pushes a Date value `{n = day number}`.
    func push(_ day: Day) throws {
        let b = try LuaTableBuilder(call, reserving: Dates.slots + 2)
        let dates = Dates(b, metatable: dateMetatable)
        dates.push(day, b)
        b.finish(returning: b.top)
    }

    /// Pushes every row of a statement as a sequence of tables; returns the row count.
    /// The columns' declared types decide the conversion: DATE text becomes a Date value,
    /// BOOLEAN becomes true/false.
    ///
    /// The hot path of every query: values are read straight from SQLite (no Swift String or
    /// DatabaseValue per field) and the column names, the Date metatable and its key `n` are
    /// held in slots, so each field costs a push and a raw set, not a string conversion.
    ///
    /// `each`, when given, sees every row's SQLite statement once its table is made (to read
    /// more of the row without a second query), with the days of its DATE columns by column
    /// (parsed once, for Lua and for it).
    ///
    /// `seal`, when given, is the argument index of a kind's seal (`pmo` module: a table with
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
        // Two slots a column (its name and its last text value), the seal's, the Dates', the
        // result, and a row being made with a key, a value and its record.
        let b = try LuaTableBuilder(call, reserving: 2 * names.count + Seal.slots + Dates.slots + 6)
        let sealed = try seal.map { try Seal(b, at: b.argument($0)) }
        let keys = names.map { b.hold($0) }
        let dates = Dates(b, metatable: dateMetatable)
        let previous = names.map { _ in b.holdNil() }      // each column's last text value
        let result = b.holdTable()
        var n = 0
        let cap = b.memoryLimit
        var days = [Day?](repeating: nil, count: names.count)
        var types = [Int32](repeating: SQLITE_NULL, count: names.count)   // the current row's, by column
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            n += 1
            // The rows so far count against the memory cap before the next one is made (the
            // allocator does not enforce it under a Swift frame: DESIGN.md, decision 1).
            if cap > 0, b.memoryUsed > cap { throw LuaRows.overCap(b, cap, row: n) }
            // Sized for the fields the row has: a NULL leaves its field absent, and a table made
            // for every column can need twice the slots (Lua rounds up to a power of two).
            var fields: Int32 = 0
            for i in 0..<names.count {
                types[i] = sqlite3_column_type(sqlite, Int32(i))
                if types[i] != SQLITE_NULL { fields += 1 }
            }
            b.newTable(fields: fields + (sealed == nil ? 0 : Seal.fields))
            for i in 0..<names.count {
                guard types[i] != SQLITE_NULL else {
                    days[i] = nil
                    continue
                }
                b.push(keys[i])
                try pushColumn(b, sqlite, Int32(i), types[i], kinds[i], dates, previous[i], cap: cap, row: n, day: &days[i])
                b.setField()
            }
            sealed?.record(b)
            b.append(to: result, at: n)
            each?(sqlite, days)
        }
        b.finish(returning: result)
        return n
    }

    /// A kind's seal, held: the keys and values every record of the kind carries in its row
    /// (`__index` is the row itself), and the kind's metatable, which the row gets.
    struct Seal {
        static let keys = ["__index", "__newindex", "__tostring", "__pairs", "__name"]
        /// The fields a sealed row has room for beyond its columns: the seal's, and two the
        /// `pmo` module may add (a project's `__rec` and `__status`) without the row growing.
        static let fields = Int32(keys.count + 2)
        /// Slots it holds: a key and a value for each field, and the metatable.
        static let slots = 2 * keys.count + 1
        /// Each key with its value (nil: the row itself).
        let fields: [(key: LuaTableBuilder.Slot, value: LuaTableBuilder.Slot?)]
        let metatable: LuaTableBuilder.Slot

        /// Holds the seal's keys, values and metatable, read raw from the table at `table`; a
        /// seal without a metatable or one of its values is refused.
        init(_ b: LuaTableBuilder, at table: LuaTableBuilder.Slot) throws {
            guard b.isTable(table) else { throw LuaRaise.message("a record seal must be a table") }
            var fields: [(key: LuaTableBuilder.Slot, value: LuaTableBuilder.Slot?)] = []
            for key in Seal.keys {
                let slot = b.hold(key)
                if key == "__index" {
                    fields.append((slot, nil))
                    continue
                }
                let value = b.hold(field: key, of: table)
                guard !value.isNil else { throw LuaRaise.message("a record seal has no '\(key)'") }
                fields.append((slot, value.slot))
            }
            let metatable = b.hold(field: "mt", of: table)
            guard b.isTable(metatable.slot) else { throw LuaRaise.message("a record seal has no metatable 'mt'") }
            self.fields = fields
            self.metatable = metatable.slot
        }

        /// Seals the row on top of the stack: sets the fields, gives it the kind's metatable,
        /// and replaces it with an empty table whose metatable is the row.
        func record(_ b: LuaTableBuilder) {
            let row = b.top
            for field in fields {
                b.push(field.key)
                b.push(field.value ?? row)
                b.setField()
            }
            b.setMetatable(metatable)
            b.newTable()
            b.push(row)
            b.attachMetatable()
            b.popTop(into: row)
        }
    }

    /// Slots for making Date values: their metatable, the key `n`, and a table of the Dates
    /// made so far by day number. Dates are values (nothing in pmo changes one), so every row
    /// of a result that has the same day shares one Date, as Lua shares strings: a portfolio's
    /// dates repeat (month ends, the status date), and 70,000 date fields of 10,000 projects
    /// become a few hundred tables.
    struct Dates {
        static let slots = 3
        let metatable: LuaTableBuilder.Slot
        let nKey: LuaTableBuilder.Slot
        let cache: LuaTableBuilder.Slot

        init(_ b: LuaTableBuilder, metatable: LuaTable) {
            self.metatable = b.hold(metatable)
            nKey = b.hold("n")
            cache = b.holdTable()
        }

        /// Pushes the Date of `day`, shared through the cache.
        func push(_ day: Day, _ b: LuaTableBuilder) {
            let n = Int64(day.daysSinceEpoch)
            if b.pushCached(cache, n) { return }
            b.newTable(fields: 1)
            b.push(nKey)
            b.push(integer: n)
            b.setField()
            b.setMetatable(metatable)
            b.cacheTop(in: cache, at: n)
        }
    }

    /// Pushes column `i` of the current row, of SQLite type `type` (not NULL). Text equal to
    /// the column's value in the row before is that same Lua string, pushed from `previous`:
    /// rows in id order repeat their project, status and author columns, and comparing the
    /// bytes costs less than Lua hashing and interning them again.
    ///
    /// A string or blob is counted against the memory cap `cap` (0: none) before Lua copies
    /// it: one that does not fit in what is left is a memory error, not a copy.
    private func pushColumn(_ b: LuaTableBuilder, _ sqlite: OpaquePointer?, _ i: Int32, _ type: Int32, _ kind: ColumnKind,
                            _ dates: Dates, _ previous: LuaTableBuilder.Slot, cap: Int, row: Int, day parsed: inout Day?) throws {
        parsed = nil
        switch type {
        case SQLITE_INTEGER:
            let v = sqlite3_column_int64(sqlite, i)
            if kind == .boolean { b.push(boolean: v != 0) } else { b.push(integer: v) }
        case SQLITE_FLOAT:
            b.push(number: sqlite3_column_double(sqlite, i))
        default:
            let count = Int(sqlite3_column_bytes(sqlite, i))
            guard let text = sqlite3_column_text(sqlite, i) else {
                b.pushEmptyString()
                return
            }
            if kind == .date, let day = Day(isoBytes: UnsafeBufferPointer(start: text, count: count)) {
                parsed = day
                dates.push(day, b)
            } else if let last = b.stringBytes(at: previous), last.count == count,
                      last.baseAddress.map({ memcmp($0, text, count) == 0 }) ?? false {
                b.push(previous)
            } else {
                if cap > 0, count > cap &- min(cap, b.memoryUsed) {
                    throw LuaRows.overCap(b, cap, row: row, value: count)
                }
                b.push(bytes: text, count: count)
                b.copyTop(to: previous)
            }
        }
    }

    enum ColumnKind { case plain, date, boolean }

    /// The memory error of a result that does not fit under the cap.
    static func overCap(_ b: LuaTableBuilder, _ cap: Int, row: Int, value: Int? = nil) -> LuaRaise {
        let left = cap &- min(cap, b.memoryUsed)
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
