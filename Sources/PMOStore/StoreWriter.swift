import GRDB
import PMOModel

/// The write API of a transaction, valid only inside `PortfolioStore.write`: a whole dataset
/// at once (the demo store, which is not a revision). Production writes go through an import
/// or `PortfolioStore.apply([RowChange])`, which record the revision (docs/history.md); the
/// single-record writes below are internal, for tests that set up a store.
///
/// ```swift
/// try store.write { tx in try tx.insert(DemoPortfolio(projects: 40).generate()) }
/// ```
public struct StoreWriter {
    /// The connection, inside the transaction (internal: PMOStore writes all the SQL).
    let db: Database

    /// Adds a record; throws when its key is already taken or a reference dangles.
    func insert<R: StoredRecord>(_ record: R) throws {
        try record.insert(db)
    }

    /// Adds the record, or replaces the one with the same key.
    func save<R: StoredRecord>(_ record: R) throws {
        try record.upsert(db)
    }

    /// Deletes the record with this id (rows that belong to it go too, by `ON DELETE CASCADE`).
    /// Returns false when there was none.
    @discardableResult
    func delete<R: StoredRecord>(_ type: R.Type, id: String) throws -> Bool {
        try R.deleteOne(db, key: ["id": id])
    }

    /// Sets (or, with nil, removes) a custom field of an entity.
    func setCustomField(entity: String, id: String, name: String, value: String?) throws {
        if let value {
            try CustomField(entity: entity, entityId: id, name: name, value: value).upsert(db)
        } else {
            try db.execute(sql: "DELETE FROM custom_fields WHERE entity = ? AND entity_id = ? AND name = ?", arguments: [entity, id, name])
        }
    }

    /// Adds every record of `dataset`, parents before children (the schema's foreign-key
    /// order, as CSV and JSON imports go), through prepared statements (not GRDB's Codable
    /// path: the 10,000-project demo is 1.6 million rows). A failure names `source` (the file
    /// the records came from) and, for a table `origins` has lines for, the record's line and
    /// the input's name of the field; otherwise the table and the record's position
    /// (`work_items[3]`), with the field and value.
    @discardableResult
    public func insert(_ dataset: Dataset, source: String = "dataset", origins: DatasetOrigins = DatasetOrigins()) throws -> ImportSummary {
        var summary = ImportSummary()
        // Dataset's properties are the one list of what a dataset holds; each is an array of
        // one record type, whose table Records.swift names.
        var batches = dataset.recordBatches
        for table in try StoreSchema.tables(db) + [StoreSchema.customFieldsSchema(db)] {
            guard let batch = batches.removeValue(forKey: table.name) else { continue }
            summary.add(try batch.insert(into: table, db: db, source: source, origins: origins), to: table.name)
        }
        if let table = batches.keys.sorted().first {
            throw DataError(file: source, path: table, reason: "the store has no table \(table)")
        }
        return summary
    }
}

extension Dataset {
    /// The dataset's records by table, tables without records left out. Dataset's properties
    /// are the one list of what a dataset holds; each is an array of one record type, whose
    /// table Records.swift names.
    var recordBatches: [String: any RecordBatch] {
        var batches: [String: any RecordBatch] = [:]
        for child in Mirror(reflecting: self).children {
            if let batch = child.value as? any RecordBatch, !batch.isEmpty { batches[batch.tableName] = batch }
        }
        return batches
    }
}

/// The records of one table in a dataset.
protocol RecordBatch {
    var tableName: String { get }
    var isEmpty: Bool { get }
    /// Inserts every record into `table`; returns how many.
    func insert(into table: TableSchema, db: Database, source: String, origins: DatasetOrigins) throws -> Int
    /// Stages every record for `refresh` (DatasetRefresh); returns the columns the model gives.
    func stage(into table: TableSchema, refresh: TableRefresh, db: Database, source: String, origins: DatasetOrigins) throws -> [String]
}

extension Array: RecordBatch where Element: StoredRecord {
    var tableName: String { Element.databaseTableName }

    func stage(into table: TableSchema, refresh: TableRefresh, db: Database, source: String, origins: DatasetOrigins) throws -> [String] {
        try DatasetRefresh.stage(self, table: table, refresh: refresh, db: db, source: source, origins: origins)
    }

    func insert(into table: TableSchema, db: Database, source: String, origins: DatasetOrigins) throws -> Int {
        let inserter = try TableInserter(db: db, table: table, columns: table.columns)
        let encoder = FieldEncoder(columns: table.columns.map(\.name))
        for (i, record) in enumerated() {
            try encoder.encode(record)
            let location = origins.location(of: table.name, record: i, in: source)
            for (c, value) in encoder.values.enumerated() {
                // The schema's one declaration, as for CSV and JSON imports and scripts' writes.
                if let why = table.columns[c].problem(with: value) {
                    throw location.error(field: origins.fieldName(of: table.name, column: table.columns[c].name), value: value.display, why)
                }
                inserter.set(c, value)
            }
            do {
                try inserter.insert(at: location)
            } catch let error as DataError {
                throw origins.naming(error, table: table.name)
            }
        }
        return count
    }
}

/// Where the records of a dataset came from in a line-oriented input, so that a record the
/// store refuses (a duplicate key, a value out of bounds, a dangling reference) is named by
/// its line and by the input's name of the field, as every other error of that input is,
/// rather than by its position in the dataset.
public struct DatasetOrigins: Sendable, Equatable {
    /// For a table, the 1-based line of each of its records, in the dataset's order.
    public var lines: [String: [Int]] = [:]
    /// For a table, the input's name of a column (`id` is Jira's `Issue key`).
    public var fieldNames: [String: [String: String]] = [:]

    /// No origins: failures are named by table and position.
    public init() {}

    /// Where record `i` of `table` came from: its line when known, else its position.
    func location(of table: String, record i: Int, in source: String) -> SourceLocation {
        if let lines = lines[table], lines.indices.contains(i) { return SourceLocation(file: source, line: lines[i]) }
        return SourceLocation(file: source, path: "\(table)[\(i)]")
    }

    /// The input's name of `column` of `table` (the column's own when the input has none).
    func fieldName(of table: String, column: String) -> String {
        fieldNames[table]?[column] ?? column
    }

    /// `error` with its field named as the input names it.
    func naming(_ error: DataError, table: String) -> DataError {
        var error = error
        if let field = error.field { error.field = fieldName(of: table, column: field) }
        return error
    }
}
