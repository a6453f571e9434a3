import GRDB

/// The store's versioned migrations. Opening an older store runs the ones it lacks; a store
/// that has migrations this build does not know was written by a newer `pmo` and is refused.
enum Migrations {
    /// The current schema version: the identifier of the last migration.
    static let latest = "v5"

    /// Custom fields have no foreign key (one table serves every entity), so a trigger on
    /// each table with an `id` removes a row's custom fields when the row goes, including
    /// rows removed by `ON DELETE CASCADE`. Depends only on the tables v1 created.
    static func addCustomFieldCleanup(_ db: Database) throws {
        for table in try StoreSchema.tables(db) where table.hasId {
            try db.execute(sql: """
                CREATE TRIGGER \(table.name)_custom_fields AFTER DELETE ON \(table.name) BEGIN
                    DELETE FROM custom_fields WHERE entity = '\(table.name)' AND entity_id = old.id;
                END
                """)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: SchemaV1.sql)
            try addCustomFieldCleanup(db)
        }
        // The portfolio load reads the project-level time-phased rows in (project, period)
        // order; with every column it reads in the index (task_id too: SQLite 3.40 does not
        // count a column used only by the partial index's WHERE as covered) it never touches
        // the table, whose pages it would otherwise read nearly all of, since the task rows
        // sit between the project rows.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                DROP INDEX timephased_project_total;
                CREATE INDEX timephased_project_total ON timephased(project_id, period_end, pv, ev, ac, task_id)
                    WHERE task_id IS NULL;
                """)
        }
        // The load's other half: the same rows packed one blob a project (ProjectCurves).
        migrator.registerMigration("v3") { db in
            try ProjectCurves.create(db)
            try ProjectCurves.rebuildAll(db)
            try db.execute(sql: "UPDATE derived_state SET fresh = 1")
        }
        // The copy's staleness by project: a transaction that changes one project's rows
        // re-packs that project before it commits, not the whole copy.
        migrator.registerMigration("v4") { db in
            try ProjectCurves.trackProjects(db)
            try ProjectCurves.refreshIfStale(db)
        }
        // The baseline in force (EVMInputsQuery) from the index alone: every project's versions
        // of a baseline number, in project order, with what the query reads of them. Without
        // it the query looks up each row in the table, whose pages it reads nearly all of.
        migrator.registerMigration("v5") { db in
            try db.execute(sql: """
                CREATE INDEX baselines_in_force ON baselines(number, project_id, set_on, cost, start, finish, task_id)
                    WHERE task_id IS NULL;
                """)
        }
        return migrator
    }
}
