import Foundation
import GRDB
import PMOModel

/// Imports a Jira "Export CSV (all fields)" file as work items, whole: the fields the model
/// has a column for (key, type, status, summary, created, resolved, assignee, estimates,
/// story points, project key, priority, reporter, description, sprints, labels, due date,
/// status category changed), and every other non-empty column as a custom field of the item.
///
/// Each item belongs to the store project its Jira project key maps to (`ProjectMapping`);
/// an item whose key maps to none is refused, naming its line, unless the mapping allows
/// items without a project.
///
/// Jira writes one column per value of a multi-valued field, under the same header (one
/// `Sprint` column per sprint, one `Labels` per label: Atlassian, "Export issues to a CSV
/// file"). Sprints and labels keep every non-empty value, in the file's order; any other
/// repeated header keeps its first column in the model and the rest as custom fields
/// (`Comment`, `Comment (2)`...). Dates are read as Jira writes them (`25/Jun/20 12:44`,
/// `25/Jun/2020 12:44 PM`) or ISO; only the day is kept.
public struct JiraCSVImporter {
    /// Which store project the items of each Jira project key belong to.
    public struct ProjectMapping: Sendable, Equatable {
        /// Every item to this project, whatever its key (`--project-id`).
        public var projectId: String?
        /// Jira project key → store project id (`jira = { projects = { ... } }` in
        /// pmo.config.lua).
        public var projects: [String: String]
        /// Where `projects` was read, for messages (`pmo.config.lua`).
        public var projectsSource: String
        /// Store an item whose key maps to no project without one, with a warning, rather than
        /// refuse the file (`--allow-no-project`).
        public var allowNoProject: Bool

        /// Creates a mapping.
        public init(projectId: String? = nil, projects: [String: String] = [:], projectsSource: String = "pmo.config.lua",
                    allowNoProject: Bool = false) {
            self.projectId = projectId
            self.projects = projects
            self.projectsSource = projectsSource
            self.allowNoProject = allowNoProject
        }

        /// The store project for a Jira project key, and where the answer came from.
        func project(for key: String?) -> (id: String, via: String)? {
            if let projectId { return (projectId, "--project-id") }
            if let key, let id = projects[key] { return (id, "jira.projects.\(key) in \(projectsSource)") }
            return nil
        }
    }

    /// A file read: the work items and their custom fields, where each came from, the store
    /// projects the items name (for the check that the store has them) and what was accepted
    /// with a warning.
    public struct Reading: Sendable {
        /// The work items and their custom fields.
        public var data = Dataset()
        /// The line of each work item and custom field, and the file's names of the columns.
        public var origins = DatasetOrigins()
        /// Each store project the items map to, with the first line that maps to it, the Jira
        /// project key there and where the mapping came from.
        public var projects: [(id: String, line: Int, key: String?, via: String)] = []
        /// Items stored without a project (with `allowNoProject`), one warning a project key.
        public var warnings: [ImportWarning] = []
    }

    /// How project keys map to store projects.
    public var mapping: ProjectMapping

    /// Creates an importer.
    public init(mapping: ProjectMapping = ProjectMapping()) {
        self.mapping = mapping
    }

    /// The model fields a Jira column can fill, by the column's name in lower case; a custom
    /// field column `Custom field (Story Points)` is known by the name in brackets. Sprints
    /// and labels take every column of their name.
    enum Field: Hashable {
        case key, type, status, summary, created, resolved, assignee
        case originalEstimate, remainingEstimate, timeSpent, storyPoints
        case projectKey, priority, reporter, description, sprint, labels, dueDate, statusChanged

        /// Jira's column names (Atlassian's CSV export headers; `Story point estimate` is
        /// team-managed projects' name for story points).
        static let byName: [String: Field] = [
            "issue key": .key, "issue type": .type, "status": .status, "summary": .summary,
            "created": .created, "resolved": .resolved, "assignee": .assignee,
            "original estimate": .originalEstimate, "remaining estimate": .remainingEstimate,
            "time spent": .timeSpent, "story points": .storyPoints, "story point estimate": .storyPoints,
            "project key": .projectKey, "priority": .priority, "reporter": .reporter,
            "description": .description, "sprint": .sprint, "labels": .labels, "due date": .dueDate,
            "status category changed": .statusChanged,
        ]

        /// The work_items column it fills.
        var column: String {
            switch self {
            case .key: "id"
            case .type: "type"
            case .status: "status"
            case .summary: "summary"
            case .created: "created"
            case .resolved: "resolved"
            case .assignee: "assignee"
            case .originalEstimate: "original_estimate_hours"
            case .remainingEstimate: "remaining_estimate_hours"
            case .timeSpent: "time_spent_hours"
            case .storyPoints: "story_points"
            case .projectKey: "project_key"
            case .priority: "priority"
            case .reporter: "reporter"
            case .description: "description"
            case .sprint: "sprint"
            case .labels: "labels"
            case .dueDate: "due_date"
            case .statusChanged: "status_changed"
            }
        }

        /// Fields that keep every column of their name.
        var isList: Bool { self == .sprint || self == .labels }

        /// The field a header names, if any: `Story Points` and `Custom field (Story Points)`
        /// alike.
        static func named(_ header: String) -> Field? {
            var name = header.lowercased()
            if name.hasPrefix("custom field ("), name.hasSuffix(")") {
                name = String(name.dropFirst("custom field (".count).dropLast())
            }
            return byName[name.trimmingCharacters(in: .whitespaces)]
        }
    }

    /// Reads the file; `projectId`, when given, stands for the mapping's `--project-id`.
    public func dataset(at path: String, projectId: String? = nil) throws -> Dataset {
        try read(at: path, projectId: projectId).data
    }

    /// Reads the file into work items and custom fields, each with its line. Throws a
    /// `DataError` naming the file, line, field and value for a bad value, a duplicate key or
    /// an item whose project key maps to no store project (unless the mapping allows it).
    public func read(at path: String, projectId: String? = nil) throws -> Reading {
        var mapping = self.mapping
        if let projectId { mapping.projectId = projectId }
        // Read chunk by chunk; a NUL byte or a stray byte order mark fails at once, with its
        // position; invalid UTF-8 is reported by the field it is in.
        let input = try ChunkedInput(path: path, kind: "Jira's CSV export (UTF-8 text)", rejectInvalidUTF8: false)
        var reader = try CSVReader(input: input)
        var fields: [CSVReader.Field] = []
        func read() throws -> Bool {
            do { return try reader.next(into: &fields) } catch let error as CSVReader.Problem {
                throw DataError(file: path, line: error.line, reason: error.reason)
            }
        }
        guard try read() else { throw DataError(file: path, line: 1, reason: "empty file: expected Jira's CSV export with a header line") }
        // The header: each column's name, the model field it fills (the first column of a
        // name, every column for sprints and labels) or none (a custom field).
        var headers: [String] = []
        var primary: [Field: Int] = [:]
        var listColumns: [Field: [Int]] = [:]
        var fieldOf: [Field?] = []
        for (i, f) in fields.enumerated() {
            guard let raw = reader.text(f) else {
                throw DataError(file: path, line: 1, reason: "header \(i + 1) is not UTF-8 text")
            }
            let name = raw.trimmingCharacters(in: .whitespaces)
            headers.append(name.isEmpty ? "column \(i + 1)" : name)
            var assigned: Field?
            if let field = Field.named(name) {
                if field.isList {
                    listColumns[field, default: []].append(i)
                    assigned = field
                } else if primary[field] == nil {
                    primary[field] = i
                    assigned = field
                }
            }
            fieldOf.append(assigned)
        }
        guard let keyColumn = primary[.key] else {
            throw DataError(file: path, line: 1, field: "Issue key", reason: "no 'Issue key' column: not a Jira CSV export (export with 'Export CSV (all fields)')")
        }
        let width = fields.count
        var result = Reading()
        var names: [String: String] = [:]
        for (field, i) in primary { names[field.column] = headers[i] }
        for (field, columns) in listColumns { names[field.column] = headers[columns[0]] }
        names["project_id"] = primary[.projectKey].map { headers[$0] } ?? headers[keyColumn]
        result.origins.fieldNames["work_items"] = names
        var itemLines: [Int] = []
        var customLines: [Int] = []
        var seen = Set<String>()
        var mapped: [String: Int] = [:]   // store project id → its index in result.projects
        var unassigned: [(key: String?, line: Int, count: Int)] = []
        while try read() {
            let line = reader.recordLine
            if fields.count == 1, reader.isEmpty(fields[0]) { continue }
            guard fields.count == width else {
                throw DataError(file: path, line: line, reason: "has \(fields.count) fields but the header has \(width); the file may be truncated")
            }
            func text(_ i: Int) throws -> String? {
                guard let t = reader.text(fields[i]) else {
                    throw DataError(file: path, line: line, field: headers[i], reason: "not UTF-8 text")
                }
                return t.isEmpty ? nil : t
            }
            func text(_ field: Field) throws -> String? {
                guard let i = primary[field] else { return nil }
                return try text(i)
            }
            func day(_ field: Field) throws -> Day? {
                guard let t = try text(field) else { return nil }
                guard let d = JiraCSVImporter.day(t) else {
                    throw DataError(file: path, line: line, field: names[field.column], value: t,
                                    reason: "not a date (expected Jira's dd/MMM/yy HH:mm, e.g. 25/Jun/20 12:44)")
                }
                return d
            }
            func number(_ field: Field, _ what: String) throws -> Double? {
                guard let t = try text(field) else { return nil }
                guard let n = Double(t.trimmingCharacters(in: .whitespaces)), n.isFinite else {
                    throw DataError(file: path, line: line, field: names[field.column], value: t, reason: "not \(what)")
                }
                return n
            }
            func values(_ field: Field) throws -> [String] {
                try (listColumns[field] ?? []).compactMap { try text($0) }
            }
            guard let key = try text(keyColumn) else {
                throw DataError(file: path, line: line, field: headers[keyColumn], reason: "a value is required")
            }
            guard seen.insert(key).inserted else {
                throw DataError(file: path, line: line, field: headers[keyColumn], value: key, reason: "duplicate: this key appears earlier in the file")
            }
            // The Jira project: its `Project key` column, else the issue key's prefix (Jira's
            // keys are the project key, a hyphen and a number: `SMRGR-6275`).
            let projectKey = try text(.projectKey) ?? JiraCSVImporter.projectKey(ofIssue: key)
            var projectId: String?
            if let target = mapping.project(for: projectKey) {
                projectId = target.id
                if mapped[target.id] == nil {
                    mapped[target.id] = result.projects.count
                    result.projects.append((target.id, line, projectKey, target.via))
                }
            } else if mapping.allowNoProject {
                if let i = unassigned.firstIndex(where: { $0.key == projectKey }) {
                    unassigned[i].count += 1
                } else {
                    unassigned.append((projectKey, line, 1))
                }
            } else {
                throw DataError(file: path, line: line, field: primary[.projectKey].map { headers[$0] } ?? headers[keyColumn],
                                value: projectKey ?? key, reason: JiraCSVImporter.unmapped(projectKey, source: mapping.projectsSource))
            }
            let seconds = 3600.0   // Jira exports time tracking in seconds; the model holds hours.
            let sprints = try values(.sprint)
            let labels = try values(.labels)
            result.data.workItems.append(WorkItem(
                id: key, projectId: projectId, type: try text(.type), status: try text(.status), summary: try text(.summary),
                created: try day(.created), resolved: try day(.resolved), assignee: try text(.assignee),
                originalEstimateHours: try number(.originalEstimate, "a number of seconds").map { $0 / seconds },
                remainingEstimateHours: try number(.remainingEstimate, "a number of seconds").map { $0 / seconds },
                timeSpentHours: try number(.timeSpent, "a number of seconds").map { $0 / seconds },
                storyPoints: try number(.storyPoints, "a number"),
                projectKey: projectKey, priority: try text(.priority), reporter: try text(.reporter),
                description: try text(.description), sprint: sprints.last,
                sprints: sprints.isEmpty ? nil : sprints.joined(separator: "\n"),
                labels: labels.isEmpty ? nil : labels.joined(separator: "\n"),
                dueDate: try day(.dueDate), statusChanged: try day(.statusChanged)))
            itemLines.append(line)
            // Every other non-empty column, under its header; a repeated header's later values
            // numbered from 2 in the file's order.
            var used: [String: Int] = [:]
            for i in 0..<width where fieldOf[i] == nil {
                guard let value = try text(i) else { continue }
                let header = headers[i]
                let n = (used[header] ?? 0) + 1
                used[header] = n
                result.data.customFields.append(CustomField(entity: "work_items", entityId: key, name: n == 1 ? header : "\(header) (\(n))", value: value))
                customLines.append(line)
            }
        }
        result.origins.lines["work_items"] = itemLines
        result.origins.lines[StoreSchema.customFieldsTable] = customLines
        for u in unassigned {
            result.warnings.append(ImportWarning(
                file: path, line: u.line,
                message: "\(u.key.map { "Jira project key '\($0)'" } ?? "no Jira project key"): \(u.count) work item\(u.count == 1 ? "" : "s") (the first on this line) stored without a project (--allow-no-project); map the key with --project-id or jira.projects in \(mapping.projectsSource)"))
        }
        return result
    }

    /// Imports the file into `store` in one transaction, recorded as one revision: an update
    /// of the work items of the Jira projects the file holds (`scope`, docs/importers.md).
    /// `projectId`, when given, stands for the mapping's `--project-id`. A store project the
    /// mapping names must exist.
    public func importFile(at path: String, projectId: String? = nil, into store: PortfolioStore,
                           options: RevisionOptions = RevisionOptions()) throws -> ImportSummary {
        let reading = try read(at: path, projectId: projectId)
        let scope = JiraCSVImporter.scope(projectKeys: Set(reading.data.workItems.compactMap(\.projectKey)))
        var summary = try store.recordedWrite(kind: .import, source: path, format: "jira", sha256: { try InputDigest.file(path) },
                                              options: options) { db, recorder in
            for p in reading.projects {
                let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM projects WHERE id = ?)", arguments: [p.id]) ?? false
                guard exists else {
                    throw DataError(file: path, line: p.line, field: reading.origins.fieldNames["work_items"]?["project_id"], value: p.key,
                                    reason: "maps to store project '\(p.id)' (\(p.via)), which the store does not have; import or create that project first, or map the key to a project the store has")
                }
            }
            try DatasetRefresh.apply(reading.data, source: path, origins: reading.origins, scopes: ["work_items": scope],
                                     db: db, recorder: recorder)
        }
        summary.warnings = reading.warnings
        return summary
    }

    /// The work items an export owns: those of the Jira projects it holds (by the items'
    /// `project_key`), wherever the mapping put them, so that an item the file no longer has
    /// is removed and items of other Jira projects, or from other sources, are left alone.
    static func scope(projectKeys: Set<String>) -> RefreshScope {
        let keys = projectKeys.sorted()
        let marks = keys.map { _ in "?" }.joined(separator: ", ")
        return RefreshScope("project_key IN (\(marks))", StatementArguments(keys))
    }

    /// Why an item whose project key maps to no store project is refused, and what to do.
    static func unmapped(_ key: String?, source: String) -> String {
        let example = key ?? "KEY"
        let what = key.map { "the Jira project key '\($0)' maps to no store project" }
            ?? "the item has no Jira project key (no 'Project key' column, and the issue key has no 'KEY-' prefix)"
        return what + "; pass --project-id ID (every item to that project), map the key in \(source) "
            + "(jira = { projects = { \(example) = \"PRJ-007\" } }), or pass --allow-no-project to store such items without a project"
    }

    /// The project key of an issue key: what comes before its last hyphen (`SMRGR` of
    /// `SMRGR-6275`), or nil when there is none.
    static func projectKey(ofIssue key: String) -> String? {
        guard let dash = key.lastIndex(of: "-"), dash > key.startIndex else { return nil }
        return String(key[..<dash])
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `25/Jun/20 12:44`, `25/Jun/2020 12:44 PM`, or ISO `2020-06-25...`.
    static func day(_ text: String) -> Day? {
        if let iso = Day(text.prefix(10)) { return iso }
        let datePart = text.split(separator: " ").first ?? ""
        let parts = datePart.split(separator: "/")
        guard parts.count == 3, parts[0].allSatisfy(\.isASCII), parts[2].allSatisfy({ $0.isASCII && $0.isNumber }), let d = Int(parts[0]), let m = months.firstIndex(of: parts[1].lowercased()), var y = Int(parts[2]) else {
            return nil
        }
        if parts[2].count == 2 { y += 2000 }
        return Day(year: y, month: m + 1, day: d)
    }
}
