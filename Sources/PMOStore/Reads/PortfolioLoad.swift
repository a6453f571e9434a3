#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif
import GRDB
import PMOModel

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

/// The queries of the portfolio load (`host.portfolio`, `p:latest_status()`): the scripting
/// layer runs them and pushes their rows straight into Lua; `EVMInputsQuery` reads the rest.
public enum PortfolioLoad {
    /// The columns of a project row, in the order `projectsSQL` selects them.
    public static let projectColumns = """
        id, name, description, portfolio_id, program_id, manager, sponsor, phase, methodology, priority, \
        baseline_start, baseline_finish, forecast_start, forecast_finish, actual_start, actual_finish, bac, status_date, \
        currency, source_currency, exchange_rate, minutes_per_day, minutes_per_week, days_per_month, calendar_id, forecast_start_minute
        """

    /// Positions of `projectColumns`, for readers of its rows by index.
    enum ProjectColumn {
        static let id: Int32 = 0, baselineStart: Int32 = 10, baselineFinish: Int32 = 11
        static let actualFinish: Int32 = 15, bac: Int32 = 16, statusDate: Int32 = 17
        static let count: Int32 = 26
    }

    /// Every project, ordered by id.
    public static let projectsSQL = "SELECT \(projectColumns) FROM projects ORDER BY id"

    /// The latest status report of each project dated on or before `?`: one index seek per
    /// project rather than a GROUP BY, which reads every report.
    public static let latestStatusSQL = """
        SELECT s.id, s.project_id, s.report_date, s.overall, s.schedule, s.cost, s.scope, s.quality, s.summary, s.author
        FROM projects p JOIN status_reports s ON s.rowid = (
            SELECT rowid FROM status_reports WHERE project_id = p.id AND report_date <= ?
            ORDER BY report_date DESC LIMIT 1)
        ORDER BY s.project_id
        """

    /// `latestStatusSQL` for a read that sees `status_reports` as it was (`StoreHistory`): a
    /// view has no rowid, so the report is found by its id.
    public static let pastLatestStatusSQL = """
        SELECT s.id, s.project_id, s.report_date, s.overall, s.schedule, s.cost, s.scope, s.quality, s.summary, s.author
        FROM projects p JOIN status_reports s ON s.id = (
            SELECT id FROM status_reports WHERE project_id = p.id AND report_date <= ?
            ORDER BY report_date DESC LIMIT 1)
        ORDER BY s.project_id
        """

    /// The statement of the latest status reports for the current read: `latestStatusSQL`, or
    /// `pastLatestStatusSQL` when the read sees the past.
    public static func latestStatusStatement(_ db: Database, asOf: Day?) throws -> Statement {
        let past = try StoreHistory.isPast("status_reports", in: db)
        let statement = try db.makeStatement(sql: past ? pastLatestStatusSQL : latestStatusSQL)
        statement.arguments = [latestStatusArgument(asOf)]
        return statement
    }

    /// The argument of `latestStatusSQL` for an as-of date (nil: every report).
    public static func latestStatusArgument(_ asOf: Day?) -> String { asOf?.description ?? "9999-12-31" }

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
        try ProjectCurves.scanRows(db, indexed: !(try StoreHistory.isPast("timephased", in: db))) { key, periodEnd, pv, ev, ac in
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

}
