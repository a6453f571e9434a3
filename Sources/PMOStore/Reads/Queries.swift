import GRDB
import PMOModel

extension PortfolioStore {
    /// Every record of a kind, in key order.
    ///
    /// ```swift
    /// let gates = try store.records(PhaseGate.self)
    /// ```
    public func records<R: StoredRecord>(_ type: R.Type) throws -> [R] {
        try reader.read { db in try R.fetchAll(db, sql: "SELECT * FROM \(R.databaseTableName) ORDER BY 1") }
    }

    /// The records of a kind that belong to one project (kinds with a `project_id` column).
    public func records<R: StoredRecord>(_ type: R.Type, projectId: String) throws -> [R] {
        try reader.read { db in
            try R.fetchAll(db, sql: "SELECT * FROM \(R.databaseTableName) WHERE project_id = ? ORDER BY 1", arguments: [projectId])
        }
    }

    /// The record of a kind with this id.
    public func record<R: StoredRecord>(_ type: R.Type, id: String) throws -> R? {
        try reader.read { db in try R.fetchOne(db, key: ["id": id]) }
    }

    /// Status reports dated on or before `asOf` (all when nil), oldest first; one project's
    /// when `projectId` is given.
    public func statusReports(projectId: String? = nil, asOf: Day? = nil) throws -> [StatusReport] {
        try reader.read { db in
            try StatusReport.fetchAll(db, sql: """
                SELECT * FROM status_reports WHERE (?1 IS NULL OR project_id = ?1) AND report_date <= ?2
                ORDER BY project_id, report_date
                """, arguments: [projectId, asOf?.description ?? "9999-12-31"])
        }
    }

    /// Baselines set on or before `asOf` (all when nil). With `inForce`, only the latest set
    /// of each (project, task, number): the baselines as they stood on that day.
    public func baselines(projectId: String? = nil, asOf: Day? = nil, inForce: Bool = false) throws -> [Baseline] {
        let all = try reader.read { db in
            try Baseline.fetchAll(db, sql: """
                SELECT * FROM baselines WHERE (?1 IS NULL OR project_id = ?1) AND ifnull(set_on, '0000-01-01') <= ?2
                ORDER BY project_id, number, task_id, set_on
                """, arguments: [projectId, asOf?.description ?? "9999-12-31"])
        }
        guard inForce else { return all }
        var latest: [String: Baseline] = [:]
        var order: [String] = []
        for b in all {
            let key = "\(b.projectId)\u{1}\(b.taskId ?? "")\u{1}\(b.number)"
            if latest[key] == nil { order.append(key) }
            latest[key] = b
        }
        return order.map { latest[$0]! }
    }

    /// Time-phased values of a project (its total when `taskId` is nil), in period order.
    /// With `asOf`, EV and AC of later periods are blanked: they were not known then.
    public func timephased(projectId: String, taskId: String? = nil, asOf: Day? = nil) throws -> [TimephasedValue] {
        var rows = try reader.read { db in
            try TimephasedValue.fetchAll(db, sql: """
                SELECT project_id, task_id, period_end, pv, ev, ac FROM timephased
                WHERE project_id = ? AND task_id IS ? ORDER BY period_end
                """, arguments: [projectId, taskId])
        }
        if let asOf {
            for i in rows.indices where rows[i].periodEnd > asOf {
                rows[i].ev = nil
                rows[i].ac = nil
            }
        }
        return rows
    }

    /// The data tables with their columns, parents first: for completion and `:tables`-style
    /// help in the REPL, and for scripts that read tables generically.
    public func tables() throws -> [TableSchema] {
        try reader.read { db in try StoreSchema.tables(db) }
    }

    /// The custom fields of one entity, by name.
    public func customFields(entity: String, id: String) throws -> [String: String] {
        try reader.read { db in
            var result: [String: String] = [:]
            for field in try CustomField.fetchAll(db, sql: "SELECT * FROM custom_fields WHERE entity = ? AND entity_id = ?", arguments: [entity, id]) {
                result[field.name] = field.value
            }
            return result
        }
    }
}
