import Foundation
import GRDB

/// Makes history in a store file for tests of its reading side, revision by revision and
/// row by row, where a test of the reading wants exact control over what was recorded (the
/// store's own writer, `PortfolioStore.recordedWrite`, is tested with real imports in
/// RefreshTests, RefreshCommandTests and WeeklyRefreshTests). It writes exactly what
/// docs/history.md's contract says and nothing more: one `revisions` row per revision (numbered in order, `known_on` never decreasing),
/// and one `row_history` row per row the revision added, changed or removed, holding the
/// row's key as a compact JSON array of its key columns' values in key order
/// (`[project_id, task_id, period_end]` for `timephased`), the project the row belongs to,
/// and the whole row as it was before as a JSON object by column name (NULL when the
/// revision added the row).
///
/// The changes themselves are plain SQL on the store file; a store whose time-phased rows
/// changed re-packs its curves on its next write (`PortfolioStore.write`), and until then its
/// reads fall back to the rows.
public struct HistoryFixture {
    /// One change of a revision: its table, the row's key values (in key order), and the new
    /// values (by column) for an insert or an update.
    public enum Change {
        case insert(String, [String: DatabaseValueConvertible?])
        case update(String, key: [DatabaseValueConvertible?], set: [String: DatabaseValueConvertible?])
        case delete(String, key: [DatabaseValueConvertible?])
    }

    /// The connection it writes through, for a test that shapes a `before` by hand.
    public let queue: DatabaseQueue

    /// On the store file at `path` (a migrated pmo store, v7 or later).
    public init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    /// The key columns of `table` in key order, as row_key lists them.
    static func keyColumns(_ table: String, _ db: Database) throws -> [String] {
        if table == "timephased" { return ["project_id", "task_id", "period_end"] }
        return try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", arguments: [table])
            .map { $0["name"] }
    }

    /// Records one revision of `changes`, applied in order in one transaction; returns its
    /// number.
    @discardableResult
    public func revision(knownOn: String, kind: String = "import", source: String = "plan.xml",
                         _ changes: [Change]) throws -> Int64 {
        try queue.write { db in
            let id = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM revisions") ?? 1)
            try db.execute(sql: """
                INSERT INTO revisions(id, kind, source, recorded_at, known_on, recorded_by)
                VALUES (?, ?, ?, ?, ?, 'test')
                """, arguments: [id, kind, source, knownOn + "T09:00:00Z", knownOn])
            var counts: [String: [String: Int]] = [:]
            for change in changes {
                let table: String, key: [DatabaseValueConvertible?], what: String
                switch change {
                case .insert(let t, let values):
                    table = t
                    key = try Self.keyColumns(t, db).map { values[$0] ?? nil }
                    what = "added"
                case .update(let t, let k, _): (table, key, what) = (t, k, "changed")
                case .delete(let t, let k): (table, key, what) = (t, k, "removed")
                }
                let keys = try Self.keyColumns(table, db)
                let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
                let match = keys.map { "\($0.quotedDatabaseIdentifier) IS ?" }.joined(separator: " AND ")
                let keyArguments = StatementArguments(key.map { $0?.databaseValue ?? .null })
                let rowKey = try String.fetchOne(db, sql: "SELECT json_array(\(keys.map { _ in "?" }.joined(separator: ", ")))",
                                                 arguments: keyArguments) ?? "[]"
                let object = "json_object(" + columns.map { "'\($0)', \($0.quotedDatabaseIdentifier)" }.joined(separator: ", ") + ")"
                let projectColumn = table == "projects" ? "id" : columns.contains("project_id") ? "project_id" : nil
                var before: String?
                var projectId: String?
                if what != "added" {
                    guard let row = try Row.fetchOne(db, sql: "SELECT \(object), \(projectColumn ?? "NULL") FROM \(table) WHERE \(match)",
                                                     arguments: keyArguments) else {
                        throw DatabaseError(message: "no row \(rowKey) in \(table)")
                    }
                    before = row[0]
                    projectId = row[1]
                }
                switch change {
                case .insert(_, let values):
                    let names = Array(values.keys)
                    try db.execute(sql: "INSERT INTO \(table)(\(names.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))",
                                   arguments: StatementArguments(names.map { values[$0]! ?? nil }))
                    if let projectColumn { projectId = String.fromDatabaseValue((values[projectColumn] ?? nil)?.databaseValue ?? .null) }
                case .update(_, _, let set):
                    let names = Array(set.keys)
                    try db.execute(sql: "UPDATE \(table) SET \(names.map { "\($0.quotedDatabaseIdentifier) = ?" }.joined(separator: ", ")) WHERE \(match)",
                                   arguments: StatementArguments(names.map { set[$0]! ?? nil }) + keyArguments)
                case .delete:
                    try db.execute(sql: "DELETE FROM \(table) WHERE \(match)", arguments: keyArguments)
                }
                try db.execute(sql: "INSERT INTO row_history(revision_id, table_name, row_key, project_id, before) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, table, rowKey, projectId, before])
                counts[table, default: [:]][what, default: 0] += 1
            }
            let total = { (what: String) in counts.values.reduce(0) { $0 + ($1[what] ?? 0) } }
            let json = String(decoding: try JSONSerialization.data(withJSONObject: counts, options: [.sortedKeys]), as: UTF8.self)
            try db.execute(sql: "UPDATE revisions SET added = ?, changed = ?, removed = ?, counts = ? WHERE id = ?",
                           arguments: [total("added"), total("changed"), total("removed"), json, id])
            return id
        }
    }
}
