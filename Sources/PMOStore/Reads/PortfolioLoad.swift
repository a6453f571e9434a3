#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import GRDB
import PMOModel

extension PortfolioStore {
    /// Loads every project with its latest status report and EVM inputs in one read
    /// transaction: the bulk path behind portfolio-wide KPIs (10,000 projects in well under
    /// a second in release builds).
    ///
    /// With `asOf`, the portfolio as it was on that day: status reports dated on or before
    /// it, EV and AC from periods ending on or before it, BAC from the project baseline in
    /// force then (the one set most recently on or before it; `projects.bac` when none is).
    /// The PV curve stays whole, because it is the plan (earned schedule needs its future).
    public func portfolio(asOf: Day? = nil) throws -> PortfolioSnapshot {
        try database.read { db in
            var projects = try PortfolioLoad.projects(db)
            var position: [String: Int] = [:]
            for (i, p) in projects.enumerated() { position[p.project.id] = i }
            try PortfolioLoad.latestStatus(db, asOf: asOf, into: &projects, position: position)
            try PortfolioLoad.timephased(db, asOf: asOf, into: &projects, position: position)
            if let asOf { try PortfolioLoad.baselineBAC(db, asOf: asOf, into: &projects, position: position) }
            return PortfolioSnapshot(asOf: asOf, projects: projects)
        }
    }
}

/// The queries of `portfolio(asOf:)`, decoding rows by hand (no Codable on this path).
enum PortfolioLoad {
    static let projectColumns = """
        id, name, description, portfolio_id, program_id, manager, sponsor, phase, methodology, priority, \
        baseline_start, baseline_finish, forecast_start, forecast_finish, actual_start, actual_finish, bac, status_date
        """

    static func projects(_ db: Database) throws -> [ProjectSnapshot] {
        var result: [ProjectSnapshot] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT \(projectColumns) FROM projects ORDER BY id")
        while let row = try rows.next() {
            let project = Project(
                id: row[0], name: row[1], description: row[2], portfolioId: row[3], programId: row[4],
                manager: row[5], sponsor: row[6], phase: Phase(rawValue: row[7]) ?? .initiation, methodology: row[8],
                priority: row[9], baselineStart: day(row[10]), baselineFinish: day(row[11]),
                forecastStart: day(row[12]), forecastFinish: day(row[13]), actualStart: day(row[14]),
                actualFinish: day(row[15]), bac: row[16], statusDate: day(row[17]))
            result.append(ProjectSnapshot(project: project, latestStatus: nil,
                                          evm: EVMInputs(bac: project.bac, statusDate: nil, pv: nil, ev: nil, ac: nil, plannedValue: [])))
        }
        return result
    }

    static func latestStatus(_ db: Database, asOf: Day?, into projects: inout [ProjectSnapshot], position: [String: Int]) throws {
        // SQLite takes the bare columns from the row holding max(report_date).
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, project_id, report_date, overall, schedule, cost, scope, quality, summary, author, max(report_date)
            FROM status_reports WHERE report_date <= ? GROUP BY project_id
            """, arguments: [asOf?.description ?? "9999-12-31"])
        while let row = try rows.next() {
            guard let i = position[row[1]], let date = day(row[2]), let overall = RAG(rawValue: row[3]) else { continue }
            projects[i].latestStatus = StatusReport(
                id: row[0], projectId: row[1], reportDate: date, overall: overall,
                schedule: rag(row[4]), cost: rag(row[5]), scope: rag(row[6]), quality: rag(row[7]),
                summary: row[8], author: row[9])
        }
    }

    /// Reads the project-level rows (task_id NULL) in (project, period) order through the
    /// partial index, straight from the C API: the hottest loop of the load.
    static func timephased(_ db: Database, asOf: Day?, into projects: inout [ProjectSnapshot], position: [String: Int]) throws {
        let statement = try db.makeStatement(sql: """
            SELECT project_id, period_end, pv, ev, ac FROM timephased INDEXED BY timephased_project_total
            WHERE task_id IS NULL ORDER BY project_id, period_end
            """)
        let stmt = statement.sqliteStatement
        defer { sqlite3_reset(stmt) }
        let limit = asOf?.daysSinceEpoch ?? Int32.max
        var current: Int?
        var currentKey: [UInt8] = []
        var curve: [PeriodValue] = []
        var inputs = EVMInputs(bac: nil, statusDate: nil, pv: nil, ev: nil, ac: nil, plannedValue: [])
        func flush() {
            if let current {
                inputs.bac = projects[current].evm.bac
                inputs.plannedValue = curve
                projects[current].evm = inputs
            }
        }
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let keyLength = Int(sqlite3_column_bytes(stmt, 0))
            let keyPointer = sqlite3_column_text(stmt, 0)!
            let key = UnsafeBufferPointer(start: keyPointer, count: keyLength)
            if current == nil || !key.elementsEqual(currentKey) {
                flush()
                currentKey = Array(key)
                current = position[String(decoding: key, as: UTF8.self)]
                curve.removeAll(keepingCapacity: true)
                inputs = EVMInputs(bac: nil, statusDate: nil, pv: nil, ev: nil, ac: nil, plannedValue: [])
            }
            guard current != nil,
                  let periodEnd = Day(isoBytes: UnsafeBufferPointer(start: sqlite3_column_text(stmt, 1), count: Int(sqlite3_column_bytes(stmt, 1))))
            else { continue }
            let pv = sqlite3_column_double(stmt, 2)
            curve.append(PeriodValue(periodEnd: periodEnd, value: pv))
            guard periodEnd.daysSinceEpoch <= limit, sqlite3_column_type(stmt, 3) != SQLITE_NULL else { continue }
            inputs.statusDate = periodEnd
            inputs.pv = pv
            inputs.ev = sqlite3_column_double(stmt, 3)
            inputs.ac = sqlite3_column_type(stmt, 4) == SQLITE_NULL ? nil : sqlite3_column_double(stmt, 4)
        }
        flush()
    }

    static func baselineBAC(_ db: Database, asOf: Day, into projects: inout [ProjectSnapshot], position: [String: Int]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT project_id, cost, max(set_on) FROM baselines
            WHERE task_id IS NULL AND set_on <= ? AND cost IS NOT NULL GROUP BY project_id
            """, arguments: [asOf.description])
        while let row = try rows.next() {
            guard let i = position[row[0]] else { continue }
            projects[i].evm.bac = row[1]
        }
    }

    static func day(_ text: String?) -> Day? { text.flatMap { Day($0) } }
    static func rag(_ text: String?) -> RAG? { text.flatMap { RAG(rawValue: $0) } }
}
