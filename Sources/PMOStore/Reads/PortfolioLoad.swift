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
    /// it, and the EVM inputs of `EVMInputsQuery` (baseline number `baseline` in force).
    public func portfolio(asOf: Day? = nil, baseline: Int = 0) throws -> PortfolioSnapshot {
        try database.read { db in
            var projects = try PortfolioLoad.projects(db)
            var position: [String: Int] = [:]
            for (i, p) in projects.enumerated() { position[p.project.id] = i }
            try PortfolioLoad.latestStatus(db, asOf: asOf, into: &projects, position: position)
            for inputs in try EVMInputsQuery.read(db, asOf: asOf, baseline: baseline) {
                if let i = position[inputs.projectId] { projects[i].evm = inputs }
            }
            return PortfolioSnapshot(asOf: asOf, projects: projects)
        }
    }
}

/// What `PortfolioLoad.scanProjectTimephased` reports, project by project, in id order.
public protocol ProjectTimephasedVisitor {
    /// A project's rows begin; `id` is valid only during the call.
    mutating func beginProject(_ id: UnsafeBufferPointer<UInt8>)
    /// The cumulative PV at the end of a period, for every period of the plan in order.
    mutating func plannedValue(_ periodEnd: Day, _ pv: Double)
    /// A period on or before the as-of date with EV reported, after its `plannedValue`; the
    /// last one of a project is its EVM status date.
    mutating func reported(_ periodEnd: Day, pv: Double, ev: Double, ac: Double?)
    /// The project's rows end.
    mutating func endProject()
}

/// The queries of `portfolio(asOf:)`, decoding rows by hand (no Codable on this path). The
/// scripting layer runs the same queries but pushes their rows straight into Lua.
public enum PortfolioLoad {
    /// The columns of a project row, in the order `projectsSQL` selects them.
    public static let projectColumns = """
        id, name, description, portfolio_id, program_id, manager, sponsor, phase, methodology, priority, \
        baseline_start, baseline_finish, forecast_start, forecast_finish, actual_start, actual_finish, bac, status_date
        """

    /// Positions of `projectColumns`, for readers of its rows by index.
    enum ProjectColumn {
        static let id: Int32 = 0, baselineStart: Int32 = 10, baselineFinish: Int32 = 11
        static let actualFinish: Int32 = 15, bac: Int32 = 16, statusDate: Int32 = 17
        static let count: Int32 = 18
    }

    /// Every project, ordered by id.
    public static let projectsSQL = "SELECT \(projectColumns) FROM projects ORDER BY id"

    static func projects(_ db: Database) throws -> [ProjectSnapshot] {
        var result: [ProjectSnapshot] = []
        let rows = try Row.fetchCursor(db, sql: projectsSQL)
        while let row = try rows.next() {
            let project = Project(
                id: row[0], name: row[1], description: row[2], portfolioId: row[3], programId: row[4],
                manager: row[5], sponsor: row[6], phase: Phase(rawValue: row[7]) ?? .initiation, methodology: row[8],
                priority: row[9], baselineStart: day(row[10]), baselineFinish: day(row[11]),
                forecastStart: day(row[12]), forecastFinish: day(row[13]), actualStart: day(row[14]),
                actualFinish: day(row[15]), bac: row[16], statusDate: day(row[17]))
            result.append(ProjectSnapshot(project: project, latestStatus: nil, evm: EVMInputs(projectId: project.id)))
        }
        return result
    }

    /// The latest status report of each project dated on or before `?`: one index seek per
    /// project rather than a GROUP BY, which reads every report.
    public static let latestStatusSQL = """
        SELECT s.id, s.project_id, s.report_date, s.overall, s.schedule, s.cost, s.scope, s.quality, s.summary, s.author
        FROM projects p JOIN status_reports s ON s.rowid = (
            SELECT rowid FROM status_reports WHERE project_id = p.id AND report_date <= ?
            ORDER BY report_date DESC LIMIT 1)
        ORDER BY s.project_id
        """

    /// The argument of `latestStatusSQL` for an as-of date (nil: every report).
    public static func latestStatusArgument(_ asOf: Day?) -> String { asOf?.description ?? "9999-12-31" }

    static func latestStatus(_ db: Database, asOf: Day?, into projects: inout [ProjectSnapshot], position: [String: Int]) throws {
        let rows = try Row.fetchCursor(db, sql: latestStatusSQL, arguments: [latestStatusArgument(asOf)])
        while let row = try rows.next() {
            guard let i = position[row[1]], let date = day(row[2]), let overall = RAG(rawValue: row[3]) else { continue }
            projects[i].latestStatus = StatusReport(
                id: row[0], projectId: row[1], reportDate: date, overall: overall,
                schedule: rag(row[4]), cost: rag(row[5]), scope: rag(row[6]), quality: rag(row[7]),
                summary: row[8], author: row[9])
        }
    }

    /// Hands `visitor` the project-level time-phased rows (task_id NULL) in (project, period)
    /// order: every period's cumulative PV (the whole plan: earned schedule needs its
    /// future), and the periods ending on or before `asOf` that have EV. Reads the packed
    /// copy (`ProjectCurves`) when it is fresh, the rows themselves when not.
    public static func scanProjectTimephased<V: ProjectTimephasedVisitor>(
        _ db: Database, asOf: Day?, into visitor: inout V
    ) throws {
        let limit = asOf?.daysSinceEpoch ?? Int32.max
        func period(_ periodEnd: Day, _ pv: Double, _ ev: Double?, _ ac: Double?) {
            visitor.plannedValue(periodEnd, pv)
            guard periodEnd.daysSinceEpoch <= limit, let ev else { return }
            visitor.reported(periodEnd, pv: pv, ev: ev, ac: ac)
        }
        let packed = try ProjectCurves.read(db) { id, periods in
            visitor.beginProject(id)
            for i in 0..<periods.count {
                period(periods.periodEnd(i), periods.value(i, 0) ?? 0, periods.value(i, 1), periods.value(i, 2))
            }
            visitor.endProject()
        }
        guard !packed else { return }
        var open = false
        var currentKey: [UInt8] = []
        try ProjectCurves.scanRows(db) { key, periodEnd, pv, ev, ac in
            if !open || !key.elementsEqual(currentKey) {
                if open { visitor.endProject() }
                currentKey = Array(key)
                visitor.beginProject(key)
                open = true
            }
            period(periodEnd, pv, ev, ac)
        }
        if open { visitor.endProject() }
    }

    static func day(_ text: String?) -> Day? { text.flatMap { Day($0) } }
    static func rag(_ text: String?) -> RAG? { text.flatMap { RAG(rawValue: $0) } }
}
