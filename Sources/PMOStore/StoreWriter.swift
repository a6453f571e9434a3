import GRDB
import PMOModel

/// The write API, valid only inside `PortfolioStore.write`: everything done through one
/// writer is one transaction.
///
/// ```swift
/// try store.write { tx in
///     try tx.save(StatusReport(id: "PRJ-001/S2026-10-31", projectId: "PRJ-001",
///                              reportDate: Day("2026-10-31")!, overall: .amber))
///     try tx.delete(Risk.self, id: "PRJ-001/R2")
/// }
/// ```
public struct StoreWriter {
    /// The connection, inside the transaction (internal: PMOStore writes all the SQL).
    let db: Database

    /// Adds a record; throws when its key is already taken or a reference dangles.
    public func insert<R: StoredRecord>(_ record: R) throws {
        try record.insert(db)
    }

    /// Adds the record, or replaces the one with the same key.
    public func save<R: StoredRecord>(_ record: R) throws {
        try record.upsert(db)
    }

    /// Deletes the record with this id (rows that belong to it go too, by `ON DELETE CASCADE`).
    /// Returns false when there was none.
    @discardableResult
    public func delete<R: StoredRecord>(_ type: R.Type, id: String) throws -> Bool {
        try R.deleteOne(db, key: ["id": id])
    }

    /// Sets (or, with nil, removes) a custom field of an entity.
    public func setCustomField(entity: String, id: String, name: String, value: String?) throws {
        if let value {
            try CustomField(entity: entity, entityId: id, name: name, value: value).upsert(db)
        } else {
            try db.execute(sql: "DELETE FROM custom_fields WHERE entity = ? AND entity_id = ? AND name = ?", arguments: [entity, id, name])
        }
    }

    /// Adds every record of `dataset`, parents before children, through prepared statements
    /// (not GRDB's Codable path: the 10,000-project demo is 1.6 million rows). A failure
    /// names the table, the record's position and key (`source` is the file it came from).
    @discardableResult
    public func insert(_ dataset: Dataset, source: String = "dataset") throws -> ImportSummary {
        var summary = ImportSummary()
        let tables = try StoreSchema.tables(db) + [StoreSchema.customFieldsSchema(db)]
        func add<R: StoredRecord>(_ records: [R]) throws {
            guard !records.isEmpty, let table = tables.first(where: { $0.name == R.databaseTableName }) else { return }
            let inserter = try TableInserter(db: db, table: table, columns: table.columns)
            let encoder = FieldEncoder(columns: table.columns.map(\.name))
            for (i, record) in records.enumerated() {
                try encoder.encode(record)
                for (c, value) in encoder.values.enumerated() {
                    // The schema's one declaration, as for CSV and JSON imports and scripts' writes.
                    if let why = table.columns[c].problem(with: value) {
                        throw SourceLocation(file: source, path: "\(table.name)[\(i)]")
                            .error(field: table.columns[c].name, value: value.display, why)
                    }
                    inserter.set(c, value)
                }
                try inserter.insert(at: SourceLocation(file: source, path: "\(table.name)[\(i)]"))
            }
            summary.add(records.count, to: table.name)
        }
        try add(dataset.organisation)
        try add(dataset.portfolios)
        try add(dataset.programs)
        try add(dataset.projects)
        // Calendars after their project, before the tasks and resources that name them (a
        // project's own calendar_id is checked at commit: the two refer to each other).
        try add(dataset.calendars)
        try add(dataset.calendarWorkWeeks)
        try add(dataset.calendarWeekDays)
        try add(dataset.calendarExceptions)
        try add(dataset.calendarTimes)
        try add(dataset.strategicScores)
        try add(dataset.tasks)
        try add(dataset.taskLinks)
        try add(dataset.milestones)
        try add(dataset.deliverables)
        try add(dataset.timephased)
        try add(dataset.baselines)
        try add(dataset.resources)
        try add(dataset.assignments)
        try add(dataset.timesheets)
        try add(dataset.statusReports)
        try add(dataset.risks)
        try add(dataset.issues)
        try add(dataset.changeRequests)
        try add(dataset.decisions)
        try add(dataset.stakeholders)
        try add(dataset.benefits)
        try add(dataset.benefitValues)
        try add(dataset.phaseGates)
        try add(dataset.gateRequirements)
        try add(dataset.gateEvidence)
        try add(dataset.workItems)
        try add(dataset.customFields)
        return summary
    }
}
