import GRDB

/// The store's versioned migrations. Opening an older store runs the ones it lacks; a store
/// that has migrations this build does not know was written by a newer `pmo` and is refused.
enum Migrations {
    /// The current schema version: the identifier of the last migration.
    static let latest = "v1"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: SchemaV1.sql)
        }
        return migrator
    }
}
