import GRDB

/// The store's versioned migrations. Opening an older store runs the ones it lacks; a store
/// that has migrations this build does not know was written by a newer `pmo` and is refused.
enum Migrations {
    /// The current schema version: the identifier of the last migration.
    static let latest = "v1"

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
        return migrator
    }
}
