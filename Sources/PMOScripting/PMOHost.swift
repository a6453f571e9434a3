import Foundation
import GRDB
import GRDBSQLite
import LuaKit
import PMOModel
import PMOStore

/// The native half of the `pmo` module: the few operations Lua cannot do itself (read the
/// store, write it in one transaction). Everything an analyst calls is Lua, in
/// `stdlib/pmo/init.lua`, built on these.
struct PMOHost {
    let session: PMOSession
    /// `pmo.date.Date`, the metatable of the Date values the host pushes.
    let dateMetatable: LuaTable
    /// `pmo.null`, which stands for SQL's NULL in values scripts hand the store.
    let null: LuaTable

    /// A row pusher onto the stack of the thread that made `call`: a host function called
    /// from a coroutine must push onto the coroutine's stack, not the main thread's.
    func rows(_ call: LuaCall) -> LuaRows {
        LuaRows(call: call, dateMetatable: dateMetatable)
    }

    var store: PortfolioStore {
        get throws {
            do { return try session.store() } catch { throw LuaRaise.message("cannot open the store: \(error)") }
        }
    }

    /// The host functions as a Lua table (name -> function).
    func functions() -> [String: LuaFunctionValue] {
        [
            "sql": LuaFunctionValue(name: "sql") { call in try sql(call) },
            "portfolio": LuaFunctionValue(name: "portfolio") { call in try portfolio(call) },
            "latest_statuses": LuaFunctionValue(name: "latest_statuses") { call in try latestStatuses(call) },
            "rows": LuaFunctionValue(name: "rows") { call in try kindRows(call) },
            "timephased": LuaFunctionValue(name: "timephased") { call in try timephased(call) },
            "custom_fields": LuaFunctionValue(name: "custom_fields") { call in try customFields(call) },
            "write": LuaFunctionValue(name: "write") { call in try write(call) },
            "changes": LuaFunctionValue(name: "changes") { call in try changes(call) },
            "columns": LuaFunctionValue(name: "columns") { call in try columns(call) },
            "worktime": LuaFunctionValue(name: "worktime") { call in try worktime(call) },
            "worktime_key": LuaFunctionValue(name: "worktime_key") { call in
                session.nextWorktimeKey += 1
                call.push(session.nextWorktimeKey)
                return 1
            },
            "schedule": LuaFunctionValue(name: "schedule") { call in try schedule(call) },
            "today": LuaFunctionValue(name: "today") { call in
                try rows(call).push(session.today ?? Day.today())
                return 1
            },
            "settings": LuaFunctionValue(name: "settings") { call in
                // `settings(section)`: the workspace's settings of a section scripts read
                // (PMOSession.settings), nil when it has none.
                let section = try call.argument(1, as: String.self)
                call.push(session.settings[section] ?? LuaData.null)
                return 1
            },
            "kinds": LuaFunctionValue(name: "kinds") { call in
                // The relations from the session's store when it is open (a workspace's file
                // is, before any script runs), else from an empty one in memory.
                if let store = session.openedStore { try? Kinds.readRelations(from: store) }
                call.push(try PMOHost.kinds.get())
                return 1
            },
        ]
    }

    /// `kinds()`: the domain's kinds as plain data, from their one declaration
    /// (`PMOStore.Kinds`, with the relations its foreign keys give), from which init.lua makes
    /// its kinds, queries and relation methods: `{ kinds = { {name, table, title, plural,
    /// lookup, label, as_of}, ... }, relations = { {kind, name, target, column, many}, ... } }`.
    /// Made once a process.
    static let kinds: Result<LuaData, LuaRaise> = {
        do {
            let relations = try Kinds.currentRelations()
            return .success(.object([
                "kinds": .array(Kinds.all.map { k in
                    var o: [String: LuaData] = [
                        "name": .string(k.name), "table": .string(k.table), "title": .string(k.title),
                        "plural": .string(k.plural), "lookup": .string(k.lookup.rawValue),
                    ]
                    if let label = k.label { o["label"] = .string(label) }
                    if let asOf = k.asOf { o["as_of"] = .string(asOf) }
                    return .object(o)
                }),
                "relations": .array(relations.map { r in
                    .object(["kind": .string(r.kind), "name": .string(r.name), "target": .string(r.target),
                             "column": .string(r.column), "many": .boolean(r.many)])
                }),
            ]))
        } catch {
            return .failure(LuaRaise.message("cannot read the schema's kinds: \(error)"))
        }
    }()

    /// `sql(text, params, seal, asof, revision)`: rows of a read-only statement, and its
    /// column names, on the store as of the date (or after the revision; `point`).
    ///
    /// The statement runs under `ScriptSQL`'s allow-list (it may read the store's tables and
    /// call listed functions, nothing else), with exactly as many values as it has parameters
    /// (`params.n`, else `#params`), checked before any is bound.
    ///
    /// The query runs under the Lua call's limits although no hook can run inside SQLite: a
    /// progress handler stops it once the call is interrupted (Ctrl-C) or past its deadline,
    /// and once the rows pushed so far pass the state's memory cap (a query can return rows
    /// without end). Either way the script gets an error, not a hung or swollen host.
    func sql(_ call: LuaCall) throws -> Int32 {
        let text = try call.argument(1, as: String.self)
        let rows = self.rows(call)
        let at = try point(call, date: 4, revision: 5)
        try read(call, at: at, stopped: { "SQL stopped: \($0), in: \(text)" }, failed: { "SQL error: \($0) in: \(text)" }) { db in
            let statement = try db.makeStatement(sql: text)
            let params = try parameters(call, 2, expected: ScriptSQL.parameterCount(statement))
            try statement.setArguments(StatementArguments(params))
            try rows.pushRows(statement, seal: seal(call, 3))
            call.push(statement.columnNames)
        }
        return 2
    }

    /// Bound values from the Lua array at `index` (nil or absent: none): `t.n` of them when
    /// the table has an `n`, else `#t`. Their number must be `expected`, the statement's
    /// number of parameters: it is checked before a value is read, so a table that claims
    /// millions of values costs nothing.
    func parameters(_ call: LuaCall, _ index: Int32, expected: Int) throws -> [DatabaseValue] {
        let given: Int
        var table: LuaTable?
        switch call.value(index) {
        case .nil:
            given = 0
        case .table(let t):
            table = t
            switch t["n"] {
            case .nil: given = t.count
            case let n:
                guard let i = n.intValue else {
                    throw LuaRaise.argument(index, "field 'n' must be the number of values, got \(n.typeName == "number" ? "\(n)" : n.typeName)")
                }
                given = i
            }
        case let v:
            throw LuaRaise.argument(index, "table expected, got \(v.typeName)")
        }
        guard given == expected else {
            throw LuaRaise.argument(index, ScriptSQL.countMismatch(expected: expected, given: given))
        }
        guard let table else { return [] }
        var out: [DatabaseValue] = []
        out.reserveCapacity(expected)
        for i in 0..<expected {
            out.append(try databaseValue(table[i + 1], what: "parameter \(i + 1)"))
        }
        return out
    }

    /// A Lua value as a SQLite value; Dates become `yyyy-MM-dd` text.
    func databaseValue(_ v: LuaValue, what: String) throws -> DatabaseValue {
        switch v {
        case .nil: return .null
        case .boolean(let b): return (b ? 1 : 0).databaseValue
        case .integer(let i): return i.databaseValue
        case .number(let d): return d.databaseValue
        case .string(let s): return s.string.databaseValue
        case .table(let t):
            if t.rawEquals(null) { return .null }
            // A Date by its metatable, not by its shape: a plain {n = 3} is not a date.
            if let mt = t.metatable, mt.rawEquals(dateMetatable) {
                guard let day = Day(luaDayNumber: t["n"]) else {
                    throw LuaRaise.message("bad \(what) (date out of range: \(Day.luaRangeText))")
                }
                return day.description.databaseValue
            }
            throw LuaRaise.message("bad \(what) (number, string, boolean, Date or pmo.null expected, got table)")
        default:
            throw LuaRaise.message("bad \(what) (number, string, boolean, Date or pmo.null expected, got \(v.typeName))")
        }
    }

    /// A Lua value as plain data for the store (`RowChange`); Dates become `yyyy-MM-dd` text.
    func sqlValue(_ v: LuaValue, what: String) throws -> SQLValue {
        switch try databaseValue(v, what: what).storage {
        case .null: return .null
        case .int64(let i): return .integer(i)
        case .double(let d): return .real(d)
        case .string(let s): return .text(s)
        case .blob(let b): return .blob([UInt8](b))
        }
    }

    /// The as-of Date argument at `index`, or nil when absent or nil. Anything else than a
    /// Date within `Day.luaRange` is an argument error.
    func asOfArgument(_ call: LuaCall, _ index: Int32) throws -> Day? {
        let v = call.value(index)
        guard case .table(let t) = v else {
            if v.isNil { return nil }
            throw LuaRaise.argument(index, "Date expected, got \(v.typeName)")
        }
        guard let mt = t.metatable, mt.rawEquals(dateMetatable) else {
            throw LuaRaise.argument(index, "Date expected, got table")
        }
        guard let day = Day(luaDayNumber: t["n"]) else {
            throw LuaRaise.argument(index, "date out of range: \(Day.luaRangeText)")
        }
        return day
    }

    /// The state of the store a read sees (`StorePoint`): after the revision at `revision`
    /// when given (an integer, `pmo.asof{revision = n}`), else as known on the Date at `date`,
    /// else now.
    func point(_ call: LuaCall, date: Int32, revision: Int32) throws -> StorePoint {
        switch call.value(revision) {
        case .nil: break
        case let v:
            guard let n = v.intValue, n >= 0 else {
                throw LuaRaise.argument(revision, "revision number expected, got \(v.typeName == "number" ? "\(v)" : v.typeName)")
            }
            return .afterRevision(Int64(n))
        }
        return try asOfArgument(call, date).map(StorePoint.knownOn) ?? .now
    }

    /// `portfolio(asof, seal, revision)`: every project as a row table, ordered by id, with the budget and
    /// dates of the baseline in force, and the list of their records by position: the store's
    /// EVM inputs as of the date (`EVMInputsQuery`, with the session's baseline in force),
    /// pushed by `EVMInputsPusher`. The projects table is read once, in one read transaction
    /// with the rest, so the two lists describe the same store.
    ///
    /// Rows go from SQLite straight onto the Lua stack. The collector runs as for any
    /// allocation: stopping it for the push and restarting it after would start a new cycle
    /// over the whole heap at every load.
    func portfolio(_ call: LuaCall) throws -> Int32 {
        let asOf = try asOfArgument(call, 1)
        let at = try point(call, date: 1, revision: 3)
        let rows = self.rows(call)
        try read(call, at: at, what: "the portfolio") { db in
            var plans: [EVMInputsQuery.ProjectPlan] = []
            try rows.pushRows(try db.makeStatement(sql: PortfolioLoad.projectsSQL), seal: seal(call, 2)) { plans.append(.init(projectRow: $0, days: $1)) }
            let inputs = try EVMInputsQuery.read(db, asOf: asOf, baseline: session.baseline, projects: plans)
            try EVMInputsPusher.push(inputs, of: plans, with: rows)
        }
        return 2
    }

    /// `schedule(ids, delays, asof, revision, schedule_mt, entry_mt, list_mt)`: the critical
    /// path of the projects `ids` (an array of project ids; nil: every project), as known on
    /// the as-of date (or after the revision), with their status dates no later than it
    /// (`ScheduleQuery`), scheduled by `CriticalPath.schedule` with the extra working days of
    /// `delays` (task id -> days, converted with each project's minutes per day), pushed by
    /// `SchedulePusher` as `{ [project_id] = s }`. A delay naming no task of those projects
    /// returns nil and a message (the module raises it as a bad argument).
    func schedule(_ call: LuaCall) throws -> Int32 {
        var ids: [String]?
        switch call.value(1) {
        case .nil: break
        case .table(let t):
            ids = try t.array.enumerated().map { i, v in
                guard let s = v.stringValue else { throw LuaRaise.argument(1, "project id expected at \(i + 1), got \(v.typeName)") }
                return s
            }
        case let v: throw LuaRaise.argument(1, "table of project ids expected, got \(v.typeName)")
        }
        var delayDays: [String: Double] = [:]
        switch call.value(2) {
        case .nil: break
        case .table(let t):
            for (k, v) in t.pairs {
                guard let id = k.stringValue, let days = v.doubleValue, days.isFinite else {
                    throw LuaRaise.argument(2, "delays must map task ids to numbers of working days")
                }
                delayDays[id] = days
            }
        case let v: throw LuaRaise.argument(2, "table of delays expected, got \(v.typeName)")
        }
        for i: Int32 in 5...7 where call.type(i) != .table {
            throw LuaRaise.argument(i, "metatable expected")
        }
        let asOf = try asOfArgument(call, 3)
        let at = try point(call, date: 3, revision: 4)
        var projects: [ScheduleQuery.Project] = []
        try read(call, at: at, what: "the schedules") { db in
            projects = try ScheduleQuery.read(db, projectIds: ids, asOf: asOf)
        }
        var unknown = Set(delayDays.keys)
        var results: [ScheduleResult] = []
        results.reserveCapacity(projects.count)
        for project in projects {
            var delays: [String: Int] = [:]
            if !delayDays.isEmpty {
                for task in project.network.tasks {
                    guard let days = delayDays[task.id] else { continue }
                    delays[task.id] = ScheduleQuery.minutes(days, per: project.network.minutesPerDay)
                    unknown.remove(task.id)
                }
            }
            results.append(CriticalPath.schedule(project.network, calendars: project.calendars, delays: delays))
        }
        if let first = unknown.sorted().first {
            call.push(LuaValue.nil)
            call.push("no task '\(first)' in the projects scheduled")
            return 2
        }
        // Argument 8, true: the schedules without their task entries (`opts.tasks = false`).
        let withTasks = call.value(8) != .boolean(true)
        try SchedulePusher.push(projects, results, call: call, dateMetatable: dateMetatable, metatables: (5, 6, 7),
                                withTasks: withTasks)
        return 1
    }

    /// `latest_statuses(asof, seal, revision)`: the latest status report of each project dated
    /// on or before the as-of date (every report without one), as row tables.
    func latestStatuses(_ call: LuaCall) throws -> Int32 {
        let asOf = try asOfArgument(call, 1)
        let at = try point(call, date: 1, revision: 3)
        let rows = self.rows(call)
        try read(call, at: at, what: "the status reports") { db in
            try rows.pushRows(try PortfolioLoad.latestStatusStatement(db, asOf: asOf), seal: seal(call, 2))
        }
        return 1
    }

    /// `rows(table, known_on, asof, seal, revision)`: every row of a kind's table ordered by
    /// its first column, as the store was known on the as-of date (or after the revision);
    /// with a `known_on` date column and an as-of Date, only the rows known by then
    /// (`ScriptReads.rows`).
    func kindRows(_ call: LuaCall) throws -> Int32 {
        let table = try call.argument(1, as: String.self)
        let knownOn = try call.optional(2, as: String.self)
        let asOf = try asOfArgument(call, 3)
        let at = try point(call, date: 3, revision: 5)
        let rows = self.rows(call)
        try read(call, at: at, what: table) { db in
            try rows.pushRows(try ScriptReads.rows(of: table, knownOn: knownOn, asOf: asOf, in: db), seal: seal(call, 4))
        }
        return 1
    }

    /// `changes(from_date, from_revision, to_date, to_revision)`: the rows touched between the
    /// two states (`point` of each; `PortfolioStore.changedRows`) as
    /// `{from = n, to = m, rows = {{table, key, project_id, before, after}, ...}}`: `from` and
    /// `to` the revisions the states are after, `key` the row's key values in key order,
    /// `before` and `after` the row by column (nil where it did not exist; dates as
    /// `yyyy-mm-dd` text).
    func changes(_ call: LuaCall) throws -> Int32 {
        let from = try point(call, date: 1, revision: 2)
        let to = try point(call, date: 3, revision: 4)
        let result: (from: Int64, to: Int64, rows: [StoreHistory.ChangedRow])
        do {
            result = try store.changedRows(from: from, to: to)
        } catch let e as DatabaseError {
            throw LuaRaise.message("reading the changes failed: \(e.message ?? "\(e)")")
        }
        func data(_ v: DatabaseValue) -> LuaData {
            switch v.storage {
            case .null: return .null
            case .int64(let i): return .integer(Int(i))
            case .double(let d): return .number(d)
            case .string(let s): return .string(s)
            case .blob(let b): return .string(String(decoding: b, as: UTF8.self))
            }
        }
        func object(_ row: [String: DatabaseValue]?) -> LuaData {
            guard let row else { return .null }
            return .object(row.compactMapValues { v in v.isNull ? nil : data(v) })
        }
        let rows: [LuaData] = try result.rows.map { r in
            var o: [String: LuaData] = ["table": .string(r.table), "key": try keyValues(r.key),
                                        "before": object(r.before), "after": object(r.after)]
            if let p = r.projectId { o["project_id"] = .string(p) }
            return .object(o)
        }
        call.push(LuaData.object(["from": .integer(Int(result.from)), "to": .integer(Int(result.to)), "rows": .array(rows)]))
        return 1
    }

    /// A `row_key` (a JSON array of strings, numbers and nulls) as a Lua array; null keeps
    /// its place as `pmo.null`'s text would not, so it becomes an empty string.
    func keyValues(_ key: String) throws -> LuaData {
        guard let data = key.data(using: .utf8), let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
            throw LuaRaise.message("reading the changes failed: row_key \(key) is not a JSON array")
        }
        return .array(array.map { v in
            switch v {
            case let s as String: return .string(s)
            case let n as NSNumber: return .string(n.stringValue)
            default: return .string("")
            }
        })
    }

    /// `timephased(project_id)`: the project's own time-phased rows with their `rowid`, in
    /// period order (`ScriptReads.projectTimephased`).
    func timephased(_ call: LuaCall) throws -> Int32 {
        let id = try call.argument(1, as: String.self)
        let rows = self.rows(call)
        try read(call, what: "the time-phased values") { db in
            try rows.pushRows(try ScriptReads.projectTimephased(id, in: db))
        }
        return 1
    }

    /// `custom_fields(table, id, asof, revision)`: rows of `name` and `value`, the custom
    /// fields of a row (`ScriptReads.customFields`), as the store was known on the date (or
    /// after the revision).
    func customFields(_ call: LuaCall) throws -> Int32 {
        let table = try call.argument(1, as: String.self)
        let id = try call.argument(2, as: String.self)
        let at = try point(call, date: 3, revision: 4)
        let rows = self.rows(call)
        try read(call, at: at, what: "the custom fields") { db in
            try rows.pushRows(try ScriptReads.customFields(of: table, id: id, in: db))
        }
        return 1
    }

    /// The stack index of argument `index` when it is a kind's seal (a table), which makes
    /// the rows read-only records; nil when absent.
    func seal(_ call: LuaCall, _ index: Int32) -> Int32? {
        call.type(index) == .table ? index : nil
    }

    /// Runs one of the module's reads of `what` ("the portfolio") under the call's limits.
    func read(_ call: LuaCall, at: StorePoint = .now, what: String, _ body: (Database) throws -> Void) throws {
        try read(call, at: at, stopped: { "reading \(what) stopped: \($0)" }, failed: { "reading \(what) failed: \($0)" }, body)
    }

    /// Runs a read under the call's limits (see `sql`) on the store's script connection
    /// (`PortfolioStore.scriptRead`: `ScriptSQL`'s allow-list, and no string or blob larger
    /// than the memory the state has left under its cap). An interrupt or a deadline becomes
    /// the Lua error `stopped(reason)`, a refused statement or any other SQLite error
    /// `failed(message)`, a value too large for the memory left a memory error.
    func read(_ call: LuaCall, at: StorePoint = .now, stopped: (String) -> String, failed: (String) -> String,
              _ body: (Database) throws -> Void) throws {
        let limits = call.limits
        let cap = limits.memoryLimit
        let left: Int? = cap.map { $0 - min($0, limits.memoryUsed) }
        do {
            // The store's progress check interrupts SQLite once the call is interrupted or past
            // its deadline (tripping the call, see `LuaCallLimits.checkStop`), or once the state
            // holds more than its memory cap.
            try store.scriptRead(at: at, maxValueBytes: left, stop: { limits.checkStop() != nil || limits.isOverMemoryLimit }, body)
        } catch let e as ScriptSQLRefusal {
            throw LuaRaise.message(failed("refused: \(e.reason)"))
        } catch let e as ScriptReadRefusal {
            throw LuaRaise.message(failed(e.reason))
        } catch let e as DatabaseError {
            if e.resultCode == .SQLITE_INTERRUPT, let reason = SQLStop.reason(limits) {
                throw LuaRaise.message(stopped(reason))
            }
            if e.resultCode == .SQLITE_TOOBIG, let cap {
                throw LuaRaise.memory("a value of the result is larger than the \(LuaRows.mebibytes(left ?? 0)) left of the memory limit of \(LuaRows.mebibytes(cap))")
            }
            throw LuaRaise.message(failed(e.message ?? "\(e)"))
        }
    }

    /// `columns(table)`: the table's column names, its primary-key columns and the allowed
    /// values of its enumerated columns (`{phase = {...}}`), or nil and a message for a table
    /// the store does not have.
    func columns(_ call: LuaCall) throws -> Int32 {
        let table = try call.argument(1, as: String.self)
        guard let info = try store.tableInfo(table) else {
            call.push(LuaValue.nil)
            call.push("no table '\(table)' in the store")
            return 2
        }
        call.push(info.columns)
        call.push(info.primaryKey)
        // The allowed values of the columns that hold one of the model's enumerations.
        var allowed: [String: [String]] = [:]
        for column in info.schema?.columns ?? [] {
            if let values = column.allowedValues { allowed[column.name] = values }
        }
        call.push(allowed)
        return 3
    }

    /// `write(ops)`: hands `{op = "insert"|"update"|"delete", table, key = {...}, fields = {...}}`
    /// operations to the store as `RowChange`s (`PortfolioStore.apply`: checked against the
    /// schema, applied in one transaction); on any failure nothing is written and the error
    /// names the operation. Returns the number of rows changed.
    func write(_ call: LuaCall) throws -> Int32 {
        try call.check(1, type: .table)
        if session.readOnly {
            // Checked before anything else: sandboxed code learns that it cannot write, not
            // which of its operations SQLite would have refused first.
            throw LuaRaise.value(.string(LuaString("pmo.transaction: this code has a read-only view of the store (it runs sandboxed; only the parent process writes); nothing was written")))
        }
        let ops = call.value(1).tableValue!.array
        var changes: [RowChange] = []
        for (i, op) in ops.enumerated() {
            do {
                changes.append(try RowChange(lua: op, number: i + 1, host: self))
            } catch LuaRaise.message(let m) {
                throw LuaRaise.value(.string(LuaString(m)))
            }
        }
        let changed: Int
        do {
            // The session's as-of date: a script's write is known from the date it reads the
            // portfolio as of (docs/history.md).
            let knownOn = try call.optional(2, as: String.self).flatMap { Day($0) }
            changed = try store.apply(changes, knownOn: knownOn)
        } catch let e as RowChangeRefusal {
            // Unpositioned: pmo.transaction re-raises it at the script's own line.
            throw LuaRaise.value(.string(LuaString(e.message)))
        } catch let e as DatabaseError {
            throw LuaRaise.value(.string(LuaString("write failed, nothing was written: \(e.message ?? "\(e)")")))
        } catch let e as StoreError {
            // The store is busy (another process writes), or cannot be opened for writing.
            throw LuaRaise.value(.string(LuaString("write failed, nothing was written: \(e.description)")))
        }
        call.push(changed)
        return 1
    }
}

extension Day {
    /// The current date in the local time zone.
    static func today() -> Day {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: c.year!, month: c.month!, day: c.day!)!
    }
}

/// Why SQLite work that ran on behalf of a Lua call was stopped.
enum SQLStop {
    /// Why the progress handler stopped the query of the call of `limits`, or nil if it did not.
    static func reason(_ limits: LuaCallLimits) -> String? {
        switch limits.checkStop() {
        case .deadline: return "time limit exceeded"
        case .interrupt: return "interrupted"
        case .instructions: return "instruction budget exceeded"
        case nil:
            if let cap = limits.memoryLimit, limits.memoryUsed > cap {
                return "the rows read so far pass the memory limit of \(cap >> 20) MiB; select fewer rows or aggregate in SQL"
            }
            return nil
        }
    }
}

extension Day {
    /// The day numbers a Date from Lua may have: 0001-01-01 to 9999-12-31, the days `Day`
    /// can write as `yyyy-MM-dd` (and the stdlib's date.format can).
    static let luaRange: ClosedRange<Int> = {
        let first = Day(year: 1, month: 1, day: 1)!, last = Day(year: 9999, month: 12, day: 31)!
        return Int(first.daysSinceEpoch)...Int(last.daysSinceEpoch)
    }()

    /// How errors state the range.
    static let luaRangeText = "from 0001-01-01 to 9999-12-31"

    /// The day of a Date's field `n` as Lua holds it: an integer (or a float with an integer
    /// value) within `luaRange`; nil for anything else (2^40, math.mininteger, NaN, 1.5, a string).
    init?(luaDayNumber n: LuaValue) {
        guard let i = n.intValue, Day.luaRange.contains(i) else { return nil }
        self.init(daysSinceEpoch: Int32(i))
    }
}
