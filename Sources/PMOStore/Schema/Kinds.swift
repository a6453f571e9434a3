import Foundation
import GRDB

/// One kind of entity as scripts see it: a store table with a name in Lua, its queries and
/// how its records print.
///
/// ```swift
/// Kinds.named("risk")?.table        // "risks"
/// ```
public struct Kind: Sendable, Hashable {
    /// How scripts look records of a kind up.
    public enum Lookup: String, Sendable, Hashable {
        /// `pmo.<plural>(filter)` lists them, `pmo.<name>(id)` finds one.
        case list
        /// `pmo.<name>()` is the table's only row (the organisation).
        case one
        /// No query of its own: reached through relations (`b:values()`) or `pmo.sql`.
        case none
    }

    /// The Lua name (`"risk"`): `pmo.kind_of(r)`, `tx:insert("risk", ...)`, `pmo.risk(id)`.
    public let name: String
    /// The store table holding its rows.
    public let table: String
    /// The type name records print and error messages use (`"Risk"`).
    public let title: String
    /// The plural (`"risks"`): the query `pmo.risks()`, and the relation a parent lists them
    /// with (`project:risks()`) unless `Kinds.relationNames` says otherwise.
    public let plural: String
    /// Which queries `pmo` has for it.
    public let lookup: Lookup
    /// The column printed after the id (`Risk R1 (Late vendor)`), nil for none.
    public let label: String?
    /// The "known on" date column: reading as of a date hides the rows whose date is later
    /// (nil: rows are current values, never hidden).
    public let asOf: String?

    init(_ name: String, table: String, title: String, plural: String, lookup: Lookup = .list,
         label: String? = nil, asOf: String? = nil) {
        self.name = name
        self.table = table
        self.title = title
        self.plural = plural
        self.lookup = lookup
        self.label = label
        self.asOf = asOf
    }
}

/// A relation between two kinds, from one foreign key: the child's record names its parent
/// (`risk:project()`, one) and the parent lists its children (`project:risks()`, many).
public struct Relation: Sendable, Hashable {
    /// The kind whose records have the method.
    public let kind: String
    /// The method's name.
    public let name: String
    /// The kind of the records it returns.
    public let target: String
    /// The foreign key column (in the child's table) that links the two.
    public let column: String
    /// True for the parent's list of children, false for the child's one parent.
    public let many: Bool
}

/// The domain's kinds, declared once: every other list of them (the `pmo` module's queries
/// and relations, `:help`, completion, docs/schema.md) is built from this one and from the
/// foreign keys of the live schema (`StoreSchema`).
public enum Kinds {
    /// Every kind, in the schema's order (parents first).
    public static let all: [Kind] = [
        Kind("organisation", table: "organisation", title: "Organisation", plural: "organisation", lookup: .one,
             label: "name"),
        Kind("portfolio", table: "portfolios", title: "Portfolio", plural: "portfolios", label: "name"),
        Kind("program", table: "programs", title: "Program", plural: "programs", label: "name"),
        Kind("project", table: "projects", title: "Project", plural: "projects", label: "name"),
        Kind("calendar", table: "calendars", title: "Calendar", plural: "calendars", label: "name"),
        Kind("calendar_work_week", table: "calendar_work_weeks", title: "CalendarWorkWeek", plural: "calendar_work_weeks",
             label: "name"),
        Kind("calendar_week_day", table: "calendar_week_days", title: "CalendarWeekDay", plural: "calendar_week_days"),
        Kind("calendar_exception", table: "calendar_exceptions", title: "CalendarException",
             plural: "calendar_exceptions", label: "name"),
        Kind("calendar_time", table: "calendar_times", title: "CalendarTime", plural: "calendar_times", lookup: .none),
        Kind("strategic_score", table: "strategic_scores", title: "StrategicScore", plural: "strategic_scores",
             lookup: .none),
        Kind("task", table: "tasks", title: "Task", plural: "tasks", label: "name"),
        Kind("task_link", table: "task_links", title: "TaskLink", plural: "task_links", lookup: .none),
        Kind("milestone", table: "milestones", title: "Milestone", plural: "milestones", label: "name"),
        Kind("deliverable", table: "deliverables", title: "Deliverable", plural: "deliverables", label: "name"),
        Kind("timephased", table: "timephased", title: "Timephased", plural: "timephased", lookup: .none,
             asOf: "period_end"),
        Kind("baseline", table: "baselines", title: "Baseline", plural: "baselines", asOf: "set_on"),
        Kind("resource", table: "resources", title: "Resource", plural: "resources", label: "name"),
        Kind("assignment", table: "assignments", title: "Assignment", plural: "assignments"),
        Kind("timesheet", table: "timesheets", title: "Timesheet", plural: "timesheets", asOf: "week_ending"),
        Kind("status_report", table: "status_reports", title: "StatusReport", plural: "status_reports",
             label: "summary", asOf: "report_date"),
        Kind("risk", table: "risks", title: "Risk", plural: "risks", label: "title", asOf: "raised_on"),
        Kind("issue", table: "issues", title: "Issue", plural: "issues", label: "title", asOf: "raised_on"),
        Kind("change_request", table: "change_requests", title: "ChangeRequest", plural: "change_requests",
             label: "title", asOf: "raised_on"),
        Kind("decision", table: "decisions", title: "Decision", plural: "decisions", label: "title",
             asOf: "decided_on"),
        Kind("stakeholder", table: "stakeholders", title: "Stakeholder", plural: "stakeholders", label: "name"),
        Kind("benefit", table: "benefits", title: "Benefit", plural: "benefits", label: "name"),
        Kind("benefit_value", table: "benefit_values", title: "BenefitValue", plural: "benefit_values",
             lookup: .none, asOf: "period_end"),
        Kind("gate", table: "phase_gates", title: "PhaseGate", plural: "gates", label: "name"),
        Kind("gate_requirement", table: "gate_requirements", title: "GateRequirement", plural: "gate_requirements",
             lookup: .none),
        Kind("evidence", table: "gate_evidence", title: "GateEvidence", plural: "evidence", lookup: .none,
             asOf: "submitted_on"),
        Kind("work_item", table: "work_items", title: "WorkItem", plural: "work_items", label: "summary",
             asOf: "created"),
    ]

    /// The store's tables that are not kinds, and why.
    public static let nonKinds: [String: String] = [
        StoreSchema.customFieldsTable: "fields without a model column, of any table with an id (folded into records by importers and exporters)",
        "derived_project_curves": "a packed copy of the project-level time-phased rows (ProjectCurves), not data",
        "derived_state": "whether the packed copy is fresh, not data",
        "derived_stale_curves": "the projects whose packed copy is stale, not data",
        "grdb_migrations": "the applied migrations (the schema version), not data",
        "revisions": "the store's history: one row per import or script transaction that changed it (docs/history.md)",
        "row_history": "the store's history: each row a revision added, changed or removed, as it was before (docs/history.md)",
    ]

    /// The names of relations that cannot be derived, keyed by `table.column` of the foreign
    /// key: `one` names the child's method (derived: the column without `_id`), `many` the
    /// parent's (derived: the child's plural); `nil` for `many` means the module has no
    /// derived list for it.
    public static let relationNames: [String: (one: String?, many: String?)] = [
        // Scripts have always said p:links(); "task_links" would repeat the owner's name.
        "task_links.project_id": (nil, "links"),
        // Two keys to tasks in one table: one plural cannot name both lists, so each says
        // which side of the link the task is on.
        "task_links.predecessor_id": (nil, "successor_links"),
        "task_links.successor_id": (nil, "predecessor_links"),
        // A self-reference: the rows below are the children, "portfolios" would read as all.
        "portfolios.parent_id": (nil, "children"),
        "tasks.parent_id": (nil, "children"),
        // The values and requirements of one benefit or gate: the plural repeats the owner.
        "benefit_values.benefit_id": (nil, "values"),
        "gate_requirements.gate_id": (nil, "requirements"),
        // p:timephased() is the module's own (project-level rows only, with their rowid, EV
        // and AC blanked after the as-of date), not a list of every row.
        "timephased.project_id": (nil, nil),
        // A calendar's parts: "calendar_week_days" would repeat the owner's name. A week day
        // lists the same way whether it is the calendar's or a work week's.
        "calendar_work_weeks.calendar_id": (nil, "work_weeks"),
        "calendar_week_days.calendar_id": (nil, "week_days"),
        "calendar_week_days.work_week_id": (nil, "week_days"),
        "calendar_exceptions.calendar_id": (nil, "exceptions"),
        "calendar_times.week_day_id": (nil, "times"),
        "calendar_times.exception_id": (nil, "times"),
        // A self-reference: the calendars based on this one, "calendars" would read as all.
        "calendars.base_calendar_id": (nil, "derived_calendars"),
    ]

    /// The kind named `name` (its Lua name), or nil.
    public static func named(_ name: String) -> Kind? { all.first { $0.name == name } }

    /// The kind whose rows table `table` holds, or nil.
    public static func ofTable(_ table: String) -> Kind? { all.first { $0.table == table } }

    /// The relations of every kind, one pair per foreign key of the kinds' tables in `db`:
    /// the child's method naming its parent and the parent's listing its children. The keys
    /// are read as `StoreSchema` reads them (`pragma_foreign_key_list`), all in one statement:
    /// this runs as every session starts. SQLite numbers a table's keys from the last declared
    /// (`id` 0), so `id DESC` is their declaration order; joining `pragma_table_info` to order
    /// them by column instead cost ten times as much (2.1 against 0.2 ms, the sqlite3 shell's
    /// `.timer` on the 10,000-project demo).
    public static func relations(_ db: Database) throws -> [Relation] {
        let keys = try Row.fetchAll(db, sql: """
            SELECT m.name AS child, k."from" AS column, k."table" AS parent
            FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS k
            WHERE m.type = 'table' ORDER BY m.rowid, k.id DESC, k.seq
            """)
        var byTable: [String: [(column: String, parent: String)]] = [:]
        for key in keys { byTable[key["child"], default: []].append((key["column"], key["parent"])) }
        var out: [Relation] = []
        for kind in all {
            for (column, parentTable) in byTable[kind.table] ?? [] {
                guard let parent = ofTable(parentTable) else { continue }
                let declared = relationNames["\(kind.table).\(column)"]
                let one = declared?.one ?? (column.hasSuffix("_id") ? String(column.dropLast(3)) : column)
                out.append(Relation(kind: kind.name, name: one, target: parent.name, column: column, many: false))
                let many: String? = if let declared { declared.many } else { kind.plural }
                if let many {
                    out.append(Relation(kind: parent.name, name: many, target: kind.name, column: column, many: true))
                }
            }
        }
        return out
    }

    /// The relations of the schema this build makes (every store is migrated to it when
    /// opened), read once a process: from the store `readRelations(from:)` was given, else
    /// from an empty store in memory.
    public static func currentRelations() throws -> [Relation] {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        let read = try queue.read { db in try relations(db) }
        cached = read
        return read
    }

    /// Reads the relations of `store`, a store of the current schema (one `PortfolioStore`
    /// opened), for `currentRelations()`, unless they were read already: cheaper than an
    /// empty store in memory when a session's store is open anyway, and what the sandbox
    /// worker does before it is confined, since an in-memory store would start what the
    /// confinement forbids (GRDB's queue starts libdispatch's threads and descriptors).
    public static func readRelations(from store: PortfolioStore) throws {
        lock.lock()
        defer { lock.unlock() }
        if cached != nil { return }
        cached = try store.reader.read { db in try relations(db) }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: [Relation]?
}
