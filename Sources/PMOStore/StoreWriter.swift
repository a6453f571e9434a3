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
    /// The connection, for the scripting layer's own SQL inside the same transaction.
    public let db: Database

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

    /// Adds every record of `dataset`, parents before children. A failure names the table and
    /// the record (`source` is the file the data came from, for the message).
    @discardableResult
    public func insert(_ dataset: Dataset, source: String = "dataset") throws -> ImportSummary {
        var summary = ImportSummary()
        func add<R: StoredRecord>(_ records: [R], key: (R) -> String) throws {
            for (i, record) in records.enumerated() {
                do {
                    try record.insert(db)
                } catch let error as DatabaseError {
                    throw DataError(file: source, path: "\(R.databaseTableName)[\(i)]", field: nil, value: key(record),
                                    reason: StoreWriter.explain(error, table: R.databaseTableName))
                }
            }
            summary.add(records.count, to: R.databaseTableName)
        }
        try add(dataset.organisation, key: \.id)
        try add(dataset.portfolios, key: \.id)
        try add(dataset.programs, key: \.id)
        try add(dataset.projects, key: \.id)
        try add(dataset.strategicScores) { "\($0.projectId) \($0.criterion)" }
        try add(dataset.tasks, key: \.id)
        try add(dataset.taskLinks) { "\($0.predecessorId) -> \($0.successorId)" }
        try add(dataset.milestones, key: \.id)
        try add(dataset.deliverables, key: \.id)
        try insertTimephased(dataset.timephased, source: source)
        summary.add(dataset.timephased.count, to: TimephasedValue.databaseTableName)
        try add(dataset.baselines, key: \.id)
        try add(dataset.resources, key: \.id)
        try add(dataset.assignments, key: \.id)
        try add(dataset.timesheets, key: \.id)
        try add(dataset.statusReports, key: \.id)
        try add(dataset.risks, key: \.id)
        try add(dataset.issues, key: \.id)
        try add(dataset.changeRequests, key: \.id)
        try add(dataset.decisions, key: \.id)
        try add(dataset.stakeholders, key: \.id)
        try add(dataset.benefits, key: \.id)
        try add(dataset.benefitValues) { "\($0.benefitId) \($0.periodEnd)" }
        try add(dataset.phaseGates, key: \.id)
        try add(dataset.gateRequirements) { "\($0.gateId) \($0.artifact)" }
        try add(dataset.gateEvidence) { "\($0.projectId) \($0.gateId) \($0.artifact)" }
        try add(dataset.workItems, key: \.id)
        try add(dataset.customFields) { "\($0.entity) \($0.entityId) \($0.name)" }
        return summary
    }

    /// The largest table goes through a prepared statement bound by hand, not Codable.
    private func insertTimephased(_ values: [TimephasedValue], source: String) throws {
        guard !values.isEmpty, let table = try StoreSchema.tables(db).first(where: { $0.name == "timephased" }) else { return }
        let names = ["project_id", "task_id", "period_end", "pv", "ev", "ac"]
        let inserter = try TableInserter(db: db, table: table, columns: names.map { table.column($0)! })
        for (i, v) in values.enumerated() {
            inserter.set(0, .text(v.projectId))
            inserter.set(1, v.taskId.map { .text($0) } ?? .null)
            inserter.set(2, .text(v.periodEnd.description))
            inserter.set(3, .real(v.pv))
            inserter.set(4, v.ev.map { .real($0) } ?? .null)
            inserter.set(5, v.ac.map { .real($0) } ?? .null)
            try inserter.insert(at: SourceLocation(file: source, path: "timephased[\(i)]"))
        }
    }

    static func explain(_ error: DatabaseError, table: String) -> String {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
            return "duplicate: \(table) already has a row with this key (in this input or already in the store)"
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return "refers to a row that does not exist; add the referenced row first"
        default:
            return error.message ?? "\(error.resultCode)"
        }
    }
}
