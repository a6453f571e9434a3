import GRDB
import PMOModel

/// The statements behind the `pmo` module's reads by kind, for `scriptRead`'s body: the SQL
/// lives here, the scripting layer pushes the rows. Identifiers come from the live schema
/// (a table or column the store does not have is refused), values are bound.
public enum ScriptReads {
    /// Every row of `table`, ordered by its first column, except where `order` says otherwise.
    /// With `knownOn` (a date column: a
    /// status report's `report_date`) and `asOf`, only the rows known by then: the column
    /// NULL or on or before the date.
    public static func rows(of table: String, knownOn: String?, asOf: Day?, in db: Database) throws -> Statement {
        guard !table.hasPrefix("sqlite_"), !table.hasPrefix("grdb_"), try db.tableExists(table) else {
            throw ScriptReadRefusal(reason: "no table '\(table)' in the store")
        }
        var sql = "SELECT * FROM \(table.quotedDatabaseIdentifier)"
        var arguments: StatementArguments = []
        if let knownOn, let asOf {
            guard try db.columns(in: table).contains(where: { $0.name == knownOn }) else {
                throw ScriptReadRefusal(reason: "no column '\(knownOn)' in table '\(table)'")
            }
            let column = knownOn.quotedDatabaseIdentifier
            sql += " WHERE \(column) IS NULL OR \(column) <= ?"
            arguments = [asOf.description]
        }
        let statement = try db.makeStatement(sql: sql + " ORDER BY " + (order[table] ?? "1"))
        statement.arguments = arguments
        return statement
    }

    /// Tables not listed by their first column: tasks by project, then in the outline's order
    /// (`outline_position`, MS Project's task ID), then by id (tasks without a position, NULL,
    /// come first, as they did before v6: by id).
    static let order = ["tasks": "project_id, outline_position, id"]

    /// A project's own time-phased rows (not its tasks'), in period order, each with its
    /// `rowid` (the table declares no key), by which a write finds the row again.
    public static func projectTimephased(_ projectId: String, in db: Database) throws -> Statement {
        let statement = try db.makeStatement(sql: "SELECT rowid AS rowid, * FROM timephased WHERE project_id = ? AND task_id IS NULL ORDER BY period_end")
        statement.arguments = [projectId]
        return statement
    }

    /// The custom fields (columns an import kept that the model has none for) of the row
    /// `id` of `table`: rows of `name` and `value`.
    public static func customFields(of table: String, id: String, in db: Database) throws -> Statement {
        let statement = try db.makeStatement(sql: "SELECT name, value FROM \(StoreSchema.customFieldsTable) WHERE entity = ? AND entity_id = ? ORDER BY name")
        statement.arguments = [table, id]
        return statement
    }
}

/// A read of `ScriptReads` asked for something the store does not have.
public struct ScriptReadRefusal: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason }
}
