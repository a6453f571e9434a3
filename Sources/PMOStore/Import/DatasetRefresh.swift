import GRDB
import PMOModel

/// Writes a dataset read from one file (MS Project XML, a Jira export) as an update of the
/// store's rows within each table's scope (`TableRefresh`, docs/importers.md): a row of the
/// file is added or updated by key, a row in scope that the file no longer has is removed.
/// Tables are taken parents first; a table with no scope and no rows is left alone.
enum DatasetRefresh {
    /// Stages and merges every table of `data` inside the recorded write of `recorder`.
    /// `source` names the file in errors: by the record's line and the file's name of the
    /// field where `origins` has them, else by position (`tasks[3]` is the fourth task read).
    static func apply(_ data: Dataset, source: String, origins: DatasetOrigins = DatasetOrigins(),
                      scopes: [String: RefreshScope], db: Database, recorder: HistoryRecorder) throws {
        let batches = data.recordBatches
        for table in try StoreSchema.tables(db) + [StoreSchema.customFieldsSchema(db)] {
            let batch = batches[table.name]
            let scope = scopes[table.name]
            guard scope != nil || batch != nil else { continue }
            let refresh = try TableRefresh(db: db, table: table, scope: scope ?? .none, recorder: recorder)
            let given = try batch?.stage(into: table, refresh: refresh, db: db, source: source, origins: origins) ?? []
            do {
                try refresh.merge(columns: given) { i in origins.location(of: table.name, record: Int(i), in: source) }
            } catch let error as DataError {
                throw origins.naming(error, table: table.name)
            }
            try refresh.dropStage()
        }
        // Checked once every table is in (a project's calendar comes after the project).
        try StoreSchema.checkDeferredReferences(db) { _ in source }
    }

    /// Stages `records` into the refresh's table; returns the columns the model gives (its
    /// properties, nil ones included).
    static func stage<R: StoredRecord>(_ records: [R], table: TableSchema, refresh: TableRefresh, db: Database, source: String,
                                       origins: DatasetOrigins) throws -> [String] {
        guard !records.isEmpty else { return [] }
        let encoder = FieldEncoder(columns: table.columns.map(\.name))
        var inserter: TableInserter?
        var given: [Int] = []
        for (i, record) in records.enumerated() {
            try encoder.encode(record)
            let location = origins.location(of: table.name, record: i, in: source)
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
                    throw location.error(field: origins.fieldName(of: table.name, column: table.columns[c].name), value: value.display, why)
                }
                inserter.set(j, value)
            }
            do {
                try inserter.insert(at: location, ordinal: i)
            } catch let error as DataError {
                throw origins.naming(error, table: table.name)
            }
        }
        return given.map { table.columns[$0].name }
    }
}
