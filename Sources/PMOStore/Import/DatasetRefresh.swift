import GRDB
import PMOModel

/// Writes a dataset read from one file (MS Project XML, a Jira export) as an update of the
/// store's rows within each table's scope (`TableRefresh`, docs/importers.md): a row of the
/// file is added or updated by key, a row in scope that the file no longer has is removed.
/// Tables are taken parents first; a table with no scope and no rows is left alone.
enum DatasetRefresh {
    /// Stages and merges every table of `data` inside the recorded write of `recorder`.
    /// `source` names the file in errors (`tasks[3]` is the fourth task read from it).
    static func apply(_ data: Dataset, source: String, scopes: [String: RefreshScope], db: Database, recorder: HistoryRecorder) throws {
        var writers: [String: (count: Int, stage: (TableSchema, TableRefresh) throws -> [String])] = [:]
        func add<R: StoredRecord>(_ records: [R]) {
            writers[R.databaseTableName] = (records.count, { table, refresh in
                try stage(records, table: table, refresh: refresh, db: db, source: source)
            })
        }
        add(data.organisation)
        add(data.portfolios)
        add(data.programs)
        add(data.projects)
        add(data.strategicScores)
        add(data.tasks)
        add(data.taskLinks)
        add(data.milestones)
        add(data.deliverables)
        add(data.timephased)
        add(data.baselines)
        add(data.resources)
        add(data.assignments)
        add(data.timesheets)
        add(data.statusReports)
        add(data.risks)
        add(data.issues)
        add(data.changeRequests)
        add(data.decisions)
        add(data.stakeholders)
        add(data.benefits)
        add(data.benefitValues)
        add(data.phaseGates)
        add(data.gateRequirements)
        add(data.gateEvidence)
        add(data.workItems)
        add(data.customFields)
        for table in try StoreSchema.tables(db) + [StoreSchema.customFieldsSchema(db)] {
            let writer = writers[table.name]
            let scope = scopes[table.name]
            guard scope != nil || (writer?.count ?? 0) > 0 else { continue }
            let refresh = try TableRefresh(db: db, table: table, scope: scope ?? .none, recorder: recorder)
            let given = try writer?.stage(table, refresh) ?? []
            try refresh.merge(columns: given) { i in SourceLocation(file: source, path: "\(table.name)[\(i)]") }
            try refresh.dropStage()
        }
    }

    /// Stages `records` into the refresh's table; returns the columns the model gives (its
    /// properties, nil ones included).
    private static func stage<R: StoredRecord>(_ records: [R], table: TableSchema, refresh: TableRefresh, db: Database, source: String) throws -> [String] {
        guard !records.isEmpty else { return [] }
        let encoder = FieldEncoder(columns: table.columns.map(\.name))
        var inserter: TableInserter?
        var given: [Int] = []
        for (i, record) in records.enumerated() {
            try encoder.encode(record)
            let location = SourceLocation(file: source, path: "\(table.name)[\(i)]")
            if inserter == nil {
                // Every record of a type has the same properties: the first tells which columns.
                given = table.columns.indices.filter { encoder.mentioned[$0] }
                inserter = try TableInserter(db: db, table: table, columns: given.map { table.columns[$0] }, stage: refresh.target)
            }
            guard let inserter else { continue }
            for (j, c) in given.enumerated() {
                let value = encoder.values[c]
                // The schema's one declaration, as for CSV and JSON imports and scripts' writes.
                if let why = table.columns[c].problem(with: value) {
                    throw location.error(field: table.columns[c].name, value: value.display, why)
                }
                inserter.set(j, value)
            }
            try inserter.insert(at: location, ordinal: i)
        }
        return given.map { table.columns[$0].name }
    }
}
