#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import Foundation
import GRDB
import PMOModel

/// The store's answer to "the EVM inputs of every project as of a date": one `EVMInputs` a
/// project, in id order (the order of `PortfolioLoad.projectsSQL`, so that a caller holding
/// the project rows finds each project's inputs at the same position). Every output of pmo
/// that states an EVM figure reads it from here, through `p:evm()` and `p:es()`.
///
/// - The baseline in force is the project-level baseline numbered `baseline` (a workspace
///   setting, 0 by default as in MS Project) with the latest `set_on` on or before the date
///   (a re-baseline of that number applies from the day it was set; one with no `set_on`
///   applies from the start). Its cost is BAC, its start and finish the plan's: budget and
///   dates come from the same baseline. The project's `bac`, `baseline_start` and
///   `baseline_finish` stand in for what it lacks.
/// - PV, EV and AC are those of the last project-level period ending on or before the date
///   with EV reported: its end is the data date.
/// - Earned schedule is located on the PV curve up to the baseline finish (`EarnedSchedule`).
public enum EVMInputsQuery {
    /// What the query needs of a project, read from its row of `PortfolioLoad.projectsSQL`:
    /// the caller that reads those rows anyway (the scripting layer, which pushes them to Lua)
    /// hands these over, so the projects table is read once.
    public struct ProjectPlan: Sendable {
        public var id: String
        public var bac: Double?
        public var start: Day?
        public var finish: Day?
        public var statusDate: Day?
        public var actualFinish: Day?

        /// The plan in the current row of a statement of `PortfolioLoad.projectsSQL`.
        public init(projectRow s: OpaquePointer?) {
            let c = PortfolioLoad.ProjectColumn.self
            var days = [Day?](repeating: nil, count: Int(c.count))
            for column in [c.baselineStart, c.baselineFinish, c.statusDate, c.actualFinish] {
                days[Int(column)] = EVMInputsQuery.day(s, column)
            }
            self.init(projectRow: s, days: days)
        }

        /// The same, with the row's dates already read, by column (a reader that pushes the
        /// row somewhere parses them anyway).
        public init(projectRow s: OpaquePointer?, days: [Day?]) {
            let c = PortfolioLoad.ProjectColumn.self
            id = EVMInputsQuery.text(s, c.id) ?? ""
            bac = EVMInputsQuery.double(s, c.bac)
            start = days[Int(c.baselineStart)]
            finish = days[Int(c.baselineFinish)]
            statusDate = days[Int(c.statusDate)]
            actualFinish = days[Int(c.actualFinish)]
        }
    }

    /// Every version of baseline number `?1` set on or before `?2`, in project order (the
    /// index's); the one set last of each project is in force (NULL `set_on`: from the start).
    static let baselinesSQL = """
        SELECT project_id, set_on, cost, start, finish FROM baselines
        WHERE task_id IS NULL AND number = ?1 AND (set_on IS NULL OR set_on <= ?2)
        ORDER BY project_id
        """

    /// The inputs of every project as of `asOf` (nil: everything recorded), with baseline
    /// number `baseline` in force.
    public static func read(_ db: Database, asOf: Day?, baseline: Int = 0) throws -> [EVMInputs] {
        var plans: [ProjectPlan] = []
        let rows = try Rows(db, PortfolioLoad.projectsSQL, [])
        while let s = try rows.next() { plans.append(ProjectPlan(projectRow: s)) }
        return try read(db, asOf: asOf, baseline: baseline, projects: plans)
    }

    /// The inputs of the projects `plans` (in id order, as `PortfolioLoad.projectsSQL` reads
    /// them), as of `asOf`, with baseline number `baseline` in force: one a plan, in order.
    public static func read(_ db: Database, asOf: Day?, baseline: Int, projects plans: [ProjectPlan]) throws -> [EVMInputs] {
        var inputs = plans.map { plan in
            var status = plan.statusDate
            if let asOf, let d = status, d > asOf { status = asOf }
            return EVMInputs(projectId: plan.id, bac: plan.bac, start: plan.start, finish: plan.finish, statusDate: status)
        }
        let ids = plans.map(\.id)
        var positions = Positions(ids)
        let rows = try Rows(db, baselinesSQL, [baseline.databaseValue, (asOf?.description ?? "9999-12-31").databaseValue])
        while let s = try rows.next() {
            guard let i = positions.position(of: bytes(s, 0)) else { continue }
            let setOn = day(s, 1)
            // A later version replaces an earlier one; NULL is the earliest.
            if inputs[i].baseline != nil, let kept = inputs[i].baselineSetOn, setOn.map({ $0 < kept }) ?? true { continue }
            inputs[i].baseline = baseline
            inputs[i].baselineSetOn = setOn
            inputs[i].bac = double(s, 2) ?? plans[i].bac
            inputs[i].start = day(s, 3) ?? plans[i].start
            inputs[i].finish = day(s, 4) ?? plans[i].finish
        }
        var scan = Scan(inputs: inputs, actualFinish: plans.map(\.actualFinish), positions: Positions(ids))
        inputs = []   // one copy of the array, not two
        try PortfolioLoad.scanProjectTimephased(db, asOf: asOf, into: &scan)
        return scan.inputs
    }

    /// Gathers each project's data-date figures and its PV curve from the scan, and locates
    /// its earned schedule at the end of the project.
    struct Scan: ProjectTimephasedVisitor {
        var inputs: [EVMInputs]
        let actualFinish: [Day?]
        var positions: Positions
        private var current: Int?
        private var curve: EarnedSchedule.Curve?

        init(inputs: [EVMInputs], actualFinish: [Day?], positions: Positions) {
            self.inputs = inputs
            self.actualFinish = actualFinish
            self.positions = positions
        }

        mutating func beginProject(_ id: UnsafeBufferPointer<UInt8>) {
            current = positions.position(of: id)
            guard let i = current, let start = inputs[i].start, let finish = inputs[i].finish else {
                curve = nil
                return
            }
            // The last project's curve, emptied, keeps its storage; a new one otherwise (nil
            // when the finish is before the start).
            if curve?.reset(start: start, finish: finish) != true {
                curve = EarnedSchedule.Curve(start: start, finish: finish)
            }
        }

        mutating func plannedValue(_ periodEnd: Day, _ pv: Double) {
            curve?.add(periodEnd: periodEnd, pv: pv)
        }

        mutating func reported(_ periodEnd: Day, pv: Double, ev: Double, ac: Double?) {
            guard let i = current else { return }
            inputs[i].dataDate = periodEnd
            inputs[i].pv = pv
            inputs[i].ev = ev
            inputs[i].ac = ac
        }

        mutating func endProject() {
            guard let i = current, let ev = inputs[i].ev, let dataDate = inputs[i].dataDate else { return }
            guard let bac = inputs[i].bac, bac > 0 else {
                inputs[i].schedule = .failure(.noPlan)
                return
            }
            guard let curve else {
                inputs[i].schedule = .failure(.noPlannedDates)
                return
            }
            // AT runs to the data date, or to the actual finish when the project finished
            // before it (Lipke: at completion AT is the actual duration).
            let end = actualFinish[i].map { min($0, dataDate) } ?? dataDate
            inputs[i].schedule = Result { () throws(EarnedSchedule.Unavailable) in try curve.locate(ev: ev, asOf: end) }
        }
    }

    /// Where each id sits in a list in id order: the query's scans come in the same order
    /// (SQLite's BINARY order of `id`, which is memcmp's), so a cursor moving forward finds
    /// each at once; an id out of step is looked up in a dictionary made on first need. The ids'
    /// bytes sit end to end in one array and are compared with memcmp, as SQLite compares them.
    struct Positions {
        private let ids: [String]
        private let bytes: [UInt8]
        private let ends: [Int]   // ids[k] is bytes[ends[k-1] ..< ends[k]] (0 before the first)
        private var cursor = 0
        private var byID: [String: Int]?

        init(_ ids: [String]) {
            self.ids = ids
            var bytes: [UInt8] = []
            var ends: [Int] = []
            ends.reserveCapacity(ids.count)
            for id in ids {
                bytes.append(contentsOf: id.utf8)
                ends.append(bytes.count)
            }
            self.bytes = bytes
            self.ends = ends
        }

        mutating func position(of id: UnsafeBufferPointer<UInt8>) -> Int? {
            let found: Int? = bytes.withUnsafeBufferPointer { all in
                while cursor < ends.count {
                    let start = cursor == 0 ? 0 : ends[cursor - 1]
                    let count = ends[cursor] - start
                    let order = Positions.compare(UnsafeBufferPointer(rebasing: all[start ..< start + count]), id)
                    if order == 0 { return cursor }
                    // Behind the scan: move on. Ahead of it (the scan has an id the list lacks,
                    // or the orders differ): ask the dictionary.
                    if order < 0 { cursor += 1 } else { break }
                }
                return nil
            }
            if let found { return found }
            if byID == nil { byID = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
            return byID?[String(decoding: id, as: UTF8.self)]
        }

        /// memcmp's order of two byte strings, the shorter first when one begins the other.
        static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
            let common = min(a.count, b.count)
            if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
                let order = memcmp(pa, pb, common)
                if order != 0 { return Int(order) }
            }
            return a.count - b.count
        }
    }

    // MARK: - Reading columns straight from SQLite (no Row or String per field on this path)

    /// The rows of a cached statement, stepped straight through SQLite: `next()` gives the
    /// statement positioned on the next row, nil after the last (and resets it).
    struct Rows {
        private let db: Database
        private let statement: OpaquePointer?

        init(_ db: Database, _ sql: String, _ arguments: [DatabaseValue]) throws {
            let cached = try db.cachedStatement(sql: sql)
            cached.arguments = StatementArguments(arguments)
            self.db = db
            statement = cached.sqliteStatement
        }

        func next() throws -> OpaquePointer? {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: return statement
            case SQLITE_DONE:
                sqlite3_reset(statement)
                return nil
            case let code:
                sqlite3_reset(statement)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
    }

    static func bytes(_ s: OpaquePointer?, _ i: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: sqlite3_column_text(s, i), count: Int(sqlite3_column_bytes(s, i)))
    }

    static func text(_ s: OpaquePointer?, _ i: Int32) -> String? {
        sqlite3_column_type(s, i) == SQLITE_NULL ? nil : String(decoding: bytes(s, i), as: UTF8.self)
    }

    static func double(_ s: OpaquePointer?, _ i: Int32) -> Double? {
        switch sqlite3_column_type(s, i) {
        case SQLITE_INTEGER, SQLITE_FLOAT: sqlite3_column_double(s, i)
        default: nil
        }
    }

    static func day(_ s: OpaquePointer?, _ i: Int32) -> Day? {
        sqlite3_column_type(s, i) == SQLITE_TEXT ? Day(isoBytes: bytes(s, i)) : nil
    }
}
