import GRDB
import PMOModel

/// A model value the store can read and write as a row of its table.
///
/// Columns are the snake_case forms of the model's property names (`baselineStart` is
/// `baseline_start`), which is what the Lua layer and analysts' SQL see.
public protocol StoredRecord: Codable, FetchableRecord, PersistableRecord, Sendable {}

extension StoredRecord {
    /// Columns are snake_case.
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    /// Columns are snake_case.
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// Days are stored as `yyyy-MM-dd` text, so SQL compares and sorts them as dates.
extension Day: DatabaseValueConvertible {
    /// The day as `yyyy-MM-dd` text.
    public var databaseValue: DatabaseValue { description.databaseValue }

    /// A day from `yyyy-MM-dd` text; nil for anything else.
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Day? {
        String.fromDatabaseValue(dbValue).flatMap { Day($0) }
    }
}

extension Phase: DatabaseValueConvertible {}
extension PMOType: DatabaseValueConvertible {}
extension Sourcing: DatabaseValueConvertible {}
extension LinkType: DatabaseValueConvertible {}
extension LagUnit: DatabaseValueConvertible {}
extension ConstraintType: DatabaseValueConvertible {}
extension RAG: DatabaseValueConvertible {}
extension ResourceKind: DatabaseValueConvertible {}
extension RiskStatus: DatabaseValueConvertible {}
extension Severity: DatabaseValueConvertible {}
extension IssueStatus: DatabaseValueConvertible {}
extension ChangeState: DatabaseValueConvertible {}
extension StakeholderRole: DatabaseValueConvertible {}

extension Organisation: StoredRecord { public static let databaseTableName = "organisation" }
extension Portfolio: StoredRecord { public static let databaseTableName = "portfolios" }
extension Program: StoredRecord { public static let databaseTableName = "programs" }
extension Project: StoredRecord { public static let databaseTableName = "projects" }
extension WorkCalendar: StoredRecord { public static let databaseTableName = "calendars" }
extension CalendarWorkWeek: StoredRecord { public static let databaseTableName = "calendar_work_weeks" }
extension CalendarWeekDay: StoredRecord { public static let databaseTableName = "calendar_week_days" }
extension CalendarException: StoredRecord { public static let databaseTableName = "calendar_exceptions" }
extension CalendarTime: StoredRecord { public static let databaseTableName = "calendar_times" }
extension StrategicScore: StoredRecord { public static let databaseTableName = "strategic_scores" }
extension WBSTask: StoredRecord { public static let databaseTableName = "tasks" }
extension TaskLink: StoredRecord { public static let databaseTableName = "task_links" }
extension Milestone: StoredRecord { public static let databaseTableName = "milestones" }
extension Deliverable: StoredRecord { public static let databaseTableName = "deliverables" }
extension TimephasedValue: StoredRecord { public static let databaseTableName = "timephased" }
extension Baseline: StoredRecord { public static let databaseTableName = "baselines" }
extension Resource: StoredRecord { public static let databaseTableName = "resources" }
extension Assignment: StoredRecord { public static let databaseTableName = "assignments" }
extension Timesheet: StoredRecord { public static let databaseTableName = "timesheets" }
extension StatusReport: StoredRecord { public static let databaseTableName = "status_reports" }
extension Risk: StoredRecord { public static let databaseTableName = "risks" }
extension Issue: StoredRecord { public static let databaseTableName = "issues" }
extension ChangeRequest: StoredRecord { public static let databaseTableName = "change_requests" }
extension Decision: StoredRecord { public static let databaseTableName = "decisions" }
extension Stakeholder: StoredRecord { public static let databaseTableName = "stakeholders" }
extension Benefit: StoredRecord { public static let databaseTableName = "benefits" }
extension BenefitValue: StoredRecord { public static let databaseTableName = "benefit_values" }
extension PhaseGate: StoredRecord { public static let databaseTableName = "phase_gates" }
extension GateRequirement: StoredRecord { public static let databaseTableName = "gate_requirements" }
extension GateEvidence: StoredRecord { public static let databaseTableName = "gate_evidence" }
extension WorkItem: StoredRecord { public static let databaseTableName = "work_items" }
extension CustomField: StoredRecord { public static let databaseTableName = "custom_fields" }
