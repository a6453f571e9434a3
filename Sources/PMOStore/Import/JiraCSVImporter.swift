import Foundation
import GRDB
import PMOModel

/// Imports a Jira "Export CSV (all fields)" file as work items: key, type, status, summary,
/// created, resolved, assignee, estimates (Jira exports seconds; stored as hours) and story
/// points: the input of flow metrics.
///
/// Jira repeats some headers (one `Sprint` column per sprint); the first of each name is
/// used. Dates are read as Jira writes them (`25/Jun/20 12:44`, `25/Jun/2020 12:44 PM`) or
/// ISO; only the day is kept.
public struct JiraCSVImporter {
    /// Creates an importer.
    public init() {}

    /// Reads the file; `projectId` attaches every item to that store project.
    public func dataset(at path: String, projectId: String? = nil) throws -> Dataset {
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
        var column: [String: Int] = [:]
        for (i, f) in fields.enumerated() {
            let name = (reader.text(f) ?? "").trimmingCharacters(in: .whitespaces)
            if column[name] == nil { column[name] = i }
        }
        guard column["Issue key"] != nil else {
            throw DataError(file: path, line: 1, field: "Issue key", reason: "no 'Issue key' column: not a Jira CSV export (export with 'Export CSV (all fields)')")
        }
        let width = fields.count
        var result = Dataset()
        var seen = Set<String>()
        while try read() {
            let line = reader.recordLine
            if fields.count == 1, reader.isEmpty(fields[0]) { continue }
            guard fields.count == width else {
                throw DataError(file: path, line: line, reason: "has \(fields.count) fields but the header has \(width); the file may be truncated")
            }
            func text(_ name: String) throws -> String? {
                guard let i = column[name] else { return nil }
                guard let t = reader.text(fields[i]) else {
                    throw DataError(file: path, line: line, field: name, reason: "not UTF-8 text")
                }
                return t.isEmpty ? nil : t
            }
            func day(_ name: String) throws -> Day? {
                guard let t = try text(name) else { return nil }
                guard let d = JiraCSVImporter.day(t) else {
                    throw DataError(file: path, line: line, field: name, value: t, reason: "not a date (expected Jira's dd/MMM/yy HH:mm, e.g. 25/Jun/20 12:44)")
                }
                return d
            }
            func hours(_ name: String) throws -> Double? {
                guard let t = try text(name) else { return nil }
                guard let seconds = Double(t), seconds.isFinite else {
                    throw DataError(file: path, line: line, field: name, value: t, reason: "not a number of seconds")
                }
                return seconds / 3600
            }
            guard let key = try text("Issue key") else {
                throw DataError(file: path, line: line, field: "Issue key", reason: "a value is required")
            }
            guard seen.insert(key).inserted else {
                throw DataError(file: path, line: line, field: "Issue key", value: key, reason: "duplicate: this key appears earlier in the file")
            }
            var points: Double?
            if let t = try text("Custom field (Story Points)") ?? text("Story Points") {
                guard let p = Double(t) else {
                    throw DataError(file: path, line: line, field: "Story Points", value: t, reason: "not a number")
                }
                points = p
            }
            result.workItems.append(WorkItem(
                id: key, projectId: projectId, type: try text("Issue Type"), status: try text("Status"), summary: try text("Summary"),
                created: try day("Created"), resolved: try day("Resolved"), assignee: try text("Assignee"),
                originalEstimateHours: try hours("Original Estimate"), remainingEstimateHours: try hours("Remaining Estimate"),
                timeSpentHours: try hours("Time Spent"), storyPoints: points))
        }
        return result
    }

    /// Imports the file into `store` in one transaction, recorded as one revision: an update
    /// of the work items of the project it maps to (`scope`, docs/importers.md).
    public func importFile(at path: String, projectId: String? = nil, into store: PortfolioStore,
                           options: RevisionOptions = RevisionOptions()) throws -> ImportSummary {
        let data = try dataset(at: path, projectId: projectId)
        let scope = JiraCSVImporter.scope(projectId: projectId, keys: data.workItems.map(\.id))
        return try store.recordedWrite(kind: .import, source: path, format: "jira", sha256: { try InputDigest.file(path) }, options: options) { db, recorder in
            try DatasetRefresh.apply(data, source: path, scopes: ["work_items": scope], db: db, recorder: recorder)
        }
    }

    /// The work items an export owns: with `projectId`, that store project's; without, the
    /// items attached to no project whose keys are of the Jira projects in the file (`ABC-12`
    /// is of `ABC`), whose project an update leaves as it is.
    static func scope(projectId: String?, keys: [String]) -> RefreshScope {
        if let projectId { return RefreshScope("project_id = ?", [projectId]) }
        let prefixes = Array(Set(keys.map { String($0.reversed().drop { $0.isNumber }.reversed()) })).sorted()
        let marks = prefixes.map { _ in "?" }.joined(separator: ", ")
        return RefreshScope("project_id IS NULL AND rtrim(id, '0123456789') IN (\(marks))", StatementArguments(prefixes),
                            kept: ["project_id"])
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `25/Jun/20 12:44`, `25/Jun/2020 12:44 PM`, or ISO `2020-06-25...`.
    static func day(_ text: String) -> Day? {
        if let iso = Day(text.prefix(10)) { return iso }
        let datePart = text.split(separator: " ").first ?? ""
        let parts = datePart.split(separator: "/")
        guard parts.count == 3, let d = Int(parts[0]), let m = months.firstIndex(of: parts[1].lowercased()), var y = Int(parts[2]) else {
            return nil
        }
        if parts[2].count == 2 { y += 2000 }
        return Day(year: y, month: m + 1, day: d)
    }
}
