import GRDB

/// How one table's rows are named and kept in `row_history` (docs/history.md): the row's key
/// as a JSON array of its key columns, the project it belongs to, and the whole row as a JSON
/// object by column name. Every expression is built from the live schema (`StoreSchema`), so a
/// column added by a later migration is recorded, compared and merged without a change here.
///
/// The expressions take the alias of the row they read (`old`, `new` in a trigger, `s` for a
/// staged row, `m` for the store's), so one shape serves the triggers, the import's merge and
/// the reads of a revision's changes.
struct HistoryShape {
    let table: TableSchema
    /// The columns that name a row: the primary key, or for a table that declares none the
    /// columns of its unique key (`keyOverrides`).
    let key: [ColumnSchema]
    /// The SQL that gives the project a row belongs to, from the row's alias.
    private let projectSQL: (String) -> String

    /// Tables that declare no primary key, and the columns of the unique key that names their
    /// rows. `timephased`: its unique index `timephased_key` (SchemaV1) is on
    /// `(project_id, ifnull(task_id, ''), period_end)`; docs/history.md gives its row key as
    /// `[project_id, task_id, period_end]`.
    static let keyOverrides: [String: [String]] = ["timephased": ["project_id", "task_id", "period_end"]]

    init(table: TableSchema, all: [TableSchema]) throws {
        self.table = table
        // A table with neither (none today) is keyed by all of its columns: its rows are
        // added and removed, never changed.
        let names = table.primaryKey.isEmpty ? (HistoryShape.keyOverrides[table.name] ?? table.columns.map(\.name)) : table.primaryKey
        let key = names.compactMap { table.column($0) }
        guard !key.isEmpty, key.count == names.count else {
            throw StoreError("\(table.name): its row key (\(names.joined(separator: ", "))) is not among its columns; fix HistoryShape.keyOverrides")
        }
        self.key = key
        // The project a row belongs to (docs/history.md): its own id for a project, its
        // project_id column, else its parent's project through a foreign key (benefit_values
        // through benefits), else none (the organisation, portfolios, programs, resources,
        // gates). A custom field belongs to the project of the row it is attached to.
        let withProject = all.filter { $0.column("project_id") != nil && $0.hasId }
        if table.name == "projects" {
            projectSQL = { "\($0).id" }
        } else if table.column("project_id") != nil {
            projectSQL = { "\($0).project_id" }
        } else if table.name == StoreSchema.customFieldsTable {
            projectSQL = { a in
                "CASE \(a).entity WHEN 'projects' THEN \(a).entity_id "
                    + withProject.map { "WHEN '\($0.name)' THEN (SELECT project_id FROM main.\($0.name.quotedDatabaseIdentifier) WHERE id = \(a).entity_id) " }.joined()
                    + "END"
            }
        } else if let fk = table.columns.first(where: { c in withProject.contains { $0.name == c.references } }), let parent = fk.references {
            projectSQL = { "(SELECT project_id FROM main.\(parent.quotedDatabaseIdentifier) WHERE id = \($0).\(fk.name.quotedDatabaseIdentifier))" }
        } else {
            projectSQL = { _ in "NULL" }
        }
    }

    /// The table's name as SQL (`main."tasks"`).
    var mainName: String { "main.\(table.name.quotedDatabaseIdentifier)" }

    /// `json_array(a.k1, a.k2)`: the row key as docs/history.md records it.
    func keyJSON(_ a: String) -> String {
        "json_array(" + key.map { "\(a).\($0.name.quotedDatabaseIdentifier)" }.joined(separator: ", ") + ")"
    }

    /// `json_object('c1', a.c1, ...)`: the whole row, every column of the live schema.
    func rowJSON(_ a: String) -> String {
        "json_object(" + table.columns.map { "'\($0.name)', \(a).\($0.name.quotedDatabaseIdentifier)" }.joined(separator: ", ") + ")"
    }

    /// The project the row `a` belongs to.
    func project(_ a: String) -> String { projectSQL(a) }

    /// Rows `a` and `b` have the same key. A key column that may be NULL (`timephased.task_id`)
    /// is compared as the unique index compares it, through `ifnull(c, '')`, so SQLite uses
    /// that index.
    func sameKey(_ a: String, _ b: String) -> String {
        key.map { c in
            let n = c.name.quotedDatabaseIdentifier
            return c.required ? "\(a).\(n) = \(b).\(n)" : "ifnull(\(a).\(n), '') = ifnull(\(b).\(n), '')"
        }.joined(separator: " AND ")
    }

    /// Row `a` is the one `row_history` entry `h` names (by its `row_key`).
    func isRow(_ a: String, ofEntry h: String) -> String {
        key.enumerated().map { i, c in
            let n = c.name.quotedDatabaseIdentifier
            let v = "json_extract(\(h).row_key, '$[\(i)]')"
            return c.required ? "\(a).\(n) = \(v)" : "ifnull(\(a).\(n), '') = ifnull(\(v), '')"
        }.joined(separator: " AND ")
    }

    /// Some of `columns` differ between rows `a` and `b` (NULL-aware); "0" when there are none.
    func differ(_ a: String, _ b: String, in columns: [String]) -> String {
        columns.isEmpty ? "0" : columns.map { let n = $0.quotedDatabaseIdentifier; return "\(a).\(n) IS NOT \(b).\(n)" }.joined(separator: " OR ")
    }

    /// Every schema table with its shape, `custom_fields` included, parents before children.
    static func all(_ db: Database) throws -> [String: HistoryShape] {
        let tables = try StoreSchema.tables(db) + [StoreSchema.customFieldsSchema(db)]
        var shapes: [String: HistoryShape] = [:]
        for table in tables { shapes[table.name] = try HistoryShape(table: table, all: tables) }
        return shapes
    }
}
