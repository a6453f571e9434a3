import GRDB
import PMOModel

/// A column as the importers and exporters see it, read from the live schema so that they
/// follow every migration without a second list to keep in step.
public struct ColumnSchema: Sendable, Hashable {
    /// Column name.
    public let name: String
    /// How values are checked and converted.
    public let type: ColumnType
    /// True when a value is required (NOT NULL without a default).
    public let required: Bool
    /// The table this column references, if it is a foreign key.
    public let references: String?
    /// The allowed values, for columns that hold one of the model's enumerations.
    public let allowedValues: [String]?
    /// The smallest number a numeric column holds, if it has a bound.
    public let minimum: Double?
    /// The largest number a numeric column holds, if it has a bound.
    public let maximum: Double?

    public init(name: String, type: ColumnType, required: Bool, references: String?, allowedValues: [String]?,
                minimum: Double? = nil, maximum: Double? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.references = references
        self.allowedValues = allowedValues
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// The value kinds of the schema, from the columns' declared types.
public enum ColumnType: String, Sendable, Hashable {
    /// Text.
    case text
    /// A whole number.
    case integer
    /// A number.
    case real
    /// A day, text `yyyy-MM-dd`.
    case date
    /// A flag stored as 0 or 1.
    case boolean

    init(declared: String) {
        switch declared.uppercased() {
        case "INTEGER": self = .integer
        case "REAL": self = .real
        case "DATE": self = .date
        case "BOOLEAN": self = .boolean
        default: self = .text
        }
    }
}

/// A table as importers and exporters see it.
public struct TableSchema: Sendable, Hashable {
    /// Table name, also the CSV file's base name and the JSON document's key.
    public let name: String
    /// Columns in declaration order.
    public let columns: [ColumnSchema]
    /// Primary key columns.
    public let primaryKey: [String]

    /// True when rows have a single `id` (so custom fields can attach to them).
    public var hasId: Bool { primaryKey == ["id"] }

    /// The column named `name`.
    public func column(_ name: String) -> ColumnSchema? { columns.first { $0.name == name } }
}

/// Reads the schema of a store.
public enum StoreSchema {
    /// The table holding fields without a model column; importers and exporters fold it into
    /// the other tables' extra columns and keys.
    public static let customFieldsTable = "custom_fields"

    /// Values a column may hold, for columns holding a model enumeration.
    static let allowedValues: [String: [String]] = {
        func raw<E: CaseIterable & RawRepresentable>(_: E.Type) -> [String] where E.RawValue == String {
            E.allCases.map(\.rawValue)
        }
        let rag = raw(RAG.self)
        return [
            "organisation.pmo_type": raw(PMOType.self), "organisation.sourcing": raw(Sourcing.self),
            "projects.phase": raw(Phase.self), "phase_gates.phase": raw(Phase.self),
            "task_links.type": raw(LinkType.self), "task_links.lag_unit": raw(LagUnit.self),
            "tasks.constraint_type": raw(ConstraintType.self), "resources.kind": raw(ResourceKind.self),
            "status_reports.overall": rag, "status_reports.schedule": rag, "status_reports.cost": rag,
            "status_reports.scope": rag, "status_reports.quality": rag,
            "risks.status": raw(RiskStatus.self), "issues.severity": raw(Severity.self),
            "issues.status": raw(IssueStatus.self), "change_requests.state": raw(ChangeState.self),
            "stakeholders.role": raw(StakeholderRole.self),
        ]
    }()

    /// The bounds of numeric columns: the schema's CHECK constraints (SchemaV1), which SQLite
    /// enforces too, and amounts that cannot be negative (a budget, a cost, hours), which
    /// only these checks enforce. Every writer checks against this one declaration: the
    /// importers (FieldParser) and the scripts' writes (`ColumnSchema.checked`).
    static let bounds: [String: (min: Double?, max: Double?)] = [
        "organisation.fiscal_year_start_month": (1, 12),
        "projects.bac": (0, nil), "projects.exchange_rate": (0, nil),
        "projects.minutes_per_day": (1, 1440), "projects.minutes_per_week": (1, 10080), "projects.days_per_month": (1, 31),
        "projects.forecast_start_minute": (0, 1439),
        "tasks.duration_days": (0, nil), "tasks.remaining_duration_days": (0, nil),
        "assignments.budget_cost": (0, nil), "assignments.budget_work_hours": (0, nil),
        "tasks.percent_complete": (0, 100), "tasks.work_hours": (0, nil), "tasks.cost": (0, nil),
        "baselines.number": (0, 10), "baselines.cost": (0, nil), "baselines.work_hours": (0, nil),
        "resources.capacity_hours_per_week": (0, nil), "resources.cost_rate": (0, nil),
        "assignments.planned_hours": (0, nil), "timesheets.hours": (0, nil),
        "risks.probability": (0, 1), "risks.impact_cost": (0, nil), "risks.impact_score": (1, 5),
        "stakeholders.interest": (1, 5), "stakeholders.influence": (1, 5),
        "work_items.original_estimate_hours": (0, nil), "work_items.remaining_estimate_hours": (0, nil),
        "work_items.time_spent_hours": (0, nil), "work_items.story_points": (0, nil),
    ]

    /// The columns of table `name` with their types, allowed values and bounds; nil when
    /// the store has no such table.
    public static func schema(ofTable name: String, in db: Database) throws -> TableSchema? {
        guard try db.tableExists(name) else { return nil }
        return try table(name, db)
    }

    /// The store's history (docs/history.md): written only by the store as it records a
    /// revision, never imported, exported or merged as data.
    public static let historyTables: Set<String> = ["revisions", "row_history"]

    /// Every data table: the tables of the kinds (`Kinds.all`; not `custom_fields`, derived
    /// copies, history or bookkeeping), parents before children so that rows can be inserted
    /// in this order with foreign keys on.
    public static func tables(_ db: Database) throws -> [TableSchema] {
        let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
            .filter { Kinds.ofTable($0) != nil }
        return parentsFirst(try names.map { try table($0, db) })
    }

    /// The `custom_fields` table, for writers that fill it directly.
    static func customFieldsSchema(_ db: Database) throws -> TableSchema {
        try table(customFieldsTable, db)
    }

    /// One table's columns, keys and references.
    static func table(_ name: String, _ db: Database) throws -> TableSchema {
        let fks = try Row.fetchAll(db, sql: "SELECT * FROM pragma_foreign_key_list(?)", arguments: [name])
        var references: [String: String] = [:]
        for fk in fks { references[fk["from"]] = fk["table"] }
        let info = try Row.fetchAll(db, sql: "SELECT * FROM pragma_table_info(?)", arguments: [name])
        var primaryKey: [(Int, String)] = []
        let columns = info.map { row -> ColumnSchema in
            let column: String = row["name"]
            let pk: Int = row["pk"]
            if pk > 0 { primaryKey.append((pk, column)) }
            let notNull: Bool = row["notnull"]
            let hasDefault = !(row["dflt_value"] as DatabaseValue).isNull
            let bound = bounds["\(name).\(column)"]
            return ColumnSchema(name: column, type: ColumnType(declared: row["type"]),
                                required: notNull && !hasDefault, references: references[column],
                                allowedValues: allowedValues["\(name).\(column)"],
                                minimum: bound?.min, maximum: bound?.max)
        }
        return TableSchema(name: name, columns: columns, primaryKey: primaryKey.sorted { $0.0 < $1.0 }.map(\.1))
    }

    /// The foreign keys SQLite checks at commit (`DEFERRABLE INITIALLY DEFERRED`), as
    /// `table.column`: a project names its calendar and a calendar its project (v9), so one of
    /// the two must wait for the other. The order of tables ignores them.
    static let deferredReferences: Set<String> = ["projects.calendar_id"]

    /// Fails, naming the row, the column and the value, when a reference checked at commit
    /// (`deferredReferences`) names no row: SQLite would only say "FOREIGN KEY constraint
    /// failed" at COMMIT. `file(table)` is what the error names as the source of the table's
    /// rows (an imported file, or the store). One indexed lookup per row that has a value.
    static func checkDeferredReferences(_ db: Database, file: (String) -> String) throws {
        for reference in deferredReferences.sorted() {
            let parts = reference.split(separator: ".").map(String.init)
            guard parts.count == 2, let parent = try table(parts[0], db).column(parts[1])?.references else { continue }
            let (t, c, p) = (parts[0].quotedDatabaseIdentifier, parts[1].quotedDatabaseIdentifier, parent.quotedDatabaseIdentifier)
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, \(c) FROM \(t) WHERE \(c) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \(p) WHERE id = \(t).\(c)) LIMIT 1
                """) else { continue }
            let id: String = row[0]
            throw DataError(file: file(parts[0]), path: "\(parts[0]) '\(id)'", field: parts[1], value: row[1],
                            reason: "no row of \(parent) has this id; add it to \(parent) or fix the reference")
        }
    }

    /// Orders tables so that every referenced table comes before the tables referencing it
    /// (self-references are allowed: a row's parent must come earlier in the same table;
    /// references checked at commit, `deferredReferences`, do not count).
    static func parentsFirst(_ tables: [TableSchema]) -> [TableSchema] {
        var placed: [String] = []
        var remaining = tables
        while !remaining.isEmpty {
            let index = remaining.firstIndex { t in
                t.columns.allSatisfy { c in
                    c.references.map { $0 == t.name || placed.contains($0) || deferredReferences.contains("\(t.name).\(c.name)") } ?? true
                }
            } ?? 0
            placed.append(remaining[index].name)
            remaining.remove(at: index)
        }
        return placed.map { name in tables.first { $0.name == name }! }
    }
}
