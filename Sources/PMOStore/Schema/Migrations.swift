import GRDB

/// The store's versioned migrations. Opening an older store runs the ones it lacks; a store
/// that has migrations this build does not know was written by a newer `pmo` and is refused.
///
/// Frozen: each migration is SQL written out here (or in `SchemaV1`), never a call into code
/// that lives on, so it makes today what it made when it shipped
/// (`MigrationTests.testEachMigrationMakesTheSchemaItMadeWhenItShipped` holds each one to the
/// schema recorded in Tests/PMOStoreTests/Fixtures/schema). A change is a new migration.
/// Derived data (`ProjectCurves`) is not a migration's business: a migration that changes
/// what it is derived from, or its format, marks it stale in SQL, and the store rebuilds it
/// with the current code once the migrations have run (`PortfolioStore.migrate`).
enum Migrations {
    /// The current schema version: the identifier of the last migration.
    static let latest = "v11"

    /// The tables of v1 whose rows have a single `id`, as v1 found them, in its order.
    private static let v1TablesWithId = [
        "organisation", "portfolios", "programs", "projects", "tasks", "milestones", "deliverables",
        "baselines", "resources", "assignments", "timesheets", "status_reports", "risks", "issues",
        "change_requests", "decisions", "stakeholders", "benefits", "phase_gates", "work_items",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // The schema, and custom fields removed with their row: they have no foreign key (one
        // table serves every entity), so a trigger on each table with an `id` removes a row's
        // custom fields when the row goes, including rows removed by `ON DELETE CASCADE`.
        migrator.registerMigration("v1") { db in
            try db.execute(sql: SchemaV1.sql)
            for table in v1TablesWithId {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_custom_fields AFTER DELETE ON \(table) BEGIN
                        DELETE FROM custom_fields WHERE entity = '\(table)' AND entity_id = old.id;
                    END
                    """)
            }
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
        // The load's other half: the same rows packed one blob a project (ProjectCurves), with
        // triggers that mark the whole copy stale on any change to those rows. The copy starts
        // stale, so the store builds it after migrating (v3 as shipped built it here, by
        // calling the live rebuild; the result is the same).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE derived_project_curves (
                    project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
                    periods BLOB NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE derived_state (name TEXT PRIMARY KEY, fresh BOOLEAN NOT NULL) WITHOUT ROWID;
                INSERT INTO derived_state VALUES ('project_curves', 0);
                CREATE TRIGGER timephased_curves_insert AFTER INSERT ON timephased WHEN new.task_id IS NULL BEGIN
                    UPDATE derived_state SET fresh = 0 WHERE name = 'project_curves' AND fresh;
                END;
                CREATE TRIGGER timephased_curves_delete AFTER DELETE ON timephased WHEN old.task_id IS NULL BEGIN
                    UPDATE derived_state SET fresh = 0 WHERE name = 'project_curves' AND fresh;
                END;
                CREATE TRIGGER timephased_curves_update AFTER UPDATE ON timephased
                WHEN old.task_id IS NULL OR new.task_id IS NULL BEGIN
                    UPDATE derived_state SET fresh = 0 WHERE name = 'project_curves' AND fresh;
                END;
                """)
        }
        // The copy's staleness by project: each trigger notes the project of the changed row
        // while the copy as a whole is fresh, so a transaction that changes one project's rows
        // re-packs that project before it commits, not the whole copy. Once the copy is stale
        // as a whole (a bulk write) a trigger does one lookup and nothing more, as v3's did.
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                CREATE TABLE derived_stale_curves (project_id TEXT PRIMARY KEY) WITHOUT ROWID;
                DROP TRIGGER timephased_curves_insert;
                DROP TRIGGER timephased_curves_delete;
                DROP TRIGGER timephased_curves_update;
                CREATE TRIGGER timephased_curves_insert AFTER INSERT ON timephased WHEN new.task_id IS NULL BEGIN
                    INSERT OR IGNORE INTO derived_stale_curves SELECT new.project_id FROM derived_state WHERE name = 'project_curves' AND fresh;
                END;
                CREATE TRIGGER timephased_curves_delete AFTER DELETE ON timephased WHEN old.task_id IS NULL BEGIN
                    INSERT OR IGNORE INTO derived_stale_curves SELECT old.project_id FROM derived_state WHERE name = 'project_curves' AND fresh;
                END;
                CREATE TRIGGER timephased_curves_update AFTER UPDATE ON timephased
                WHEN old.task_id IS NULL OR new.task_id IS NULL BEGIN
                    INSERT OR IGNORE INTO derived_stale_curves SELECT old.project_id FROM derived_state WHERE name = 'project_curves' AND fresh AND old.task_id IS NULL;
                    INSERT OR IGNORE INTO derived_stale_curves SELECT new.project_id FROM derived_state WHERE name = 'project_curves' AND fresh AND new.task_id IS NULL;
                END;
                """)
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
        // A task's position in its project's outline (MS Project's task ID), by which a
        // project's tasks are listed: their ids sort as text (T1, T10, T2), not as the plan
        // reads (issue 24). NULL for rows made before, which list by id as they did.
        migrator.registerMigration("v6") { db in
            try db.execute(sql: """
                ALTER TABLE tasks ADD COLUMN outline_position INTEGER;
                """)
        }
        // The store's history (issue 24): every change an import (or a script's transaction)
        // makes is one revision, and each row it adds, changes or removes is one
        // `row_history` entry holding the row as it was before (NULL: the revision added it).
        // The current tables stay as they were, so reading today costs nothing more; the state
        // after revision N is the current rows with, for every row a later revision touched,
        // its `before` from the first such revision (docs/history.md).
        migrator.registerMigration("v7") { db in
            try db.execute(sql: """
                CREATE TABLE revisions (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('import', 'transaction')),
                    source TEXT NOT NULL,
                    format TEXT,
                    sha256 TEXT,
                    recorded_at TEXT NOT NULL,
                    known_on DATE NOT NULL,
                    recorded_by TEXT NOT NULL,
                    added INTEGER NOT NULL DEFAULT 0,
                    changed INTEGER NOT NULL DEFAULT 0,
                    removed INTEGER NOT NULL DEFAULT 0,
                    counts TEXT
                );
                CREATE INDEX revisions_known_on ON revisions(known_on);
                CREATE TABLE row_history (
                    revision_id INTEGER NOT NULL REFERENCES revisions(id) ON DELETE CASCADE,
                    table_name TEXT NOT NULL,
                    row_key TEXT NOT NULL,
                    project_id TEXT,
                    before TEXT,
                    PRIMARY KEY (table_name, row_key, revision_id)
                ) WITHOUT ROWID;
                CREATE INDEX row_history_revision ON row_history(revision_id, table_name);
                """)
        }
        // What an MS Project plan means, kept (issue 24): the project's currency (ISO 4217,
        // with the source currency and rate when its money was converted) and MS Project's
        // units of time; a link's lag as given (amount, unit kind, MS Project's format); a
        // task's constraint, deadline, manual flag, durations and MS Project's own early/late
        // dates, slack and critical flag ("reported", never recomputed here); cost and budget
        // resources, and budget assignments. `resources.kind` gains 'cost', a CHECK SQLite
        // cannot alter: the table is rebuilt (SQLite's "making other kinds of table schema
        // changes" procedure; GRDB runs migrations with foreign keys off, so the drop cascades
        // nothing), with v1's trigger that removes a resource's custom fields.
        migrator.registerMigration("v8") { db in
            try db.execute(sql: """
                ALTER TABLE projects ADD COLUMN currency TEXT;
                ALTER TABLE projects ADD COLUMN source_currency TEXT;
                ALTER TABLE projects ADD COLUMN exchange_rate REAL;
                ALTER TABLE projects ADD COLUMN minutes_per_day INTEGER;
                ALTER TABLE projects ADD COLUMN minutes_per_week INTEGER;
                ALTER TABLE projects ADD COLUMN days_per_month INTEGER;
                ALTER TABLE task_links ADD COLUMN lag_amount REAL;
                ALTER TABLE task_links ADD COLUMN lag_unit TEXT CHECK (lag_unit IN ('working_days', 'elapsed_days', 'percent', 'elapsed_percent'));
                ALTER TABLE task_links ADD COLUMN lag_format TEXT;
                ALTER TABLE tasks ADD COLUMN constraint_type TEXT CHECK (constraint_type IN ('ASAP', 'ALAP', 'MSO', 'MFO', 'SNET', 'SNLT', 'FNET', 'FNLT'));
                ALTER TABLE tasks ADD COLUMN constraint_date DATE;
                ALTER TABLE tasks ADD COLUMN deadline DATE;
                ALTER TABLE tasks ADD COLUMN is_manual BOOLEAN NOT NULL DEFAULT 0;
                ALTER TABLE tasks ADD COLUMN duration_days REAL;
                ALTER TABLE tasks ADD COLUMN duration_format TEXT;
                ALTER TABLE tasks ADD COLUMN remaining_duration_days REAL;
                ALTER TABLE tasks ADD COLUMN reported_early_start DATE;
                ALTER TABLE tasks ADD COLUMN reported_early_finish DATE;
                ALTER TABLE tasks ADD COLUMN reported_late_start DATE;
                ALTER TABLE tasks ADD COLUMN reported_late_finish DATE;
                ALTER TABLE tasks ADD COLUMN reported_total_slack_days REAL;
                ALTER TABLE tasks ADD COLUMN reported_free_slack_days REAL;
                ALTER TABLE tasks ADD COLUMN reported_critical BOOLEAN;
                ALTER TABLE assignments ADD COLUMN budget_cost REAL;
                ALTER TABLE assignments ADD COLUMN budget_work_hours REAL;
                CREATE TABLE resources_v8 (
                    id TEXT NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'role', 'material', 'cost')),
                    role TEXT,
                    skills TEXT,
                    capacity_hours_per_week REAL,
                    cost_rate REAL,
                    available_from DATE,
                    available_to DATE,
                    is_budget BOOLEAN NOT NULL DEFAULT 0
                );
                INSERT INTO resources_v8 (id, name, kind, role, skills, capacity_hours_per_week, cost_rate, available_from, available_to)
                    SELECT id, name, kind, role, skills, capacity_hours_per_week, cost_rate, available_from, available_to FROM resources;
                DROP TABLE resources;
                ALTER TABLE resources_v8 RENAME TO resources;
                CREATE TRIGGER resources_custom_fields AFTER DELETE ON resources BEGIN
                    DELETE FROM custom_fields WHERE entity = 'resources' AND entity_id = old.id;
                END;
                """)
        }
        // Working-time calendars (issue 24): MSPDI's calendars of the project, its resources and
        // tasks, as written: each calendar's week days, work weeks (periods with a week of their
        // own), exceptions (recurrence kept as MS Project 2007+ writes it) and working times in
        // minutes of the day, and the base calendar it inherits the day types it leaves out
        // from. Ids are the project's and the file's (`PRJ/C3`, `PRJ/C3/D2`, `PRJ/C3/E2026-12-25`),
        // so a re-import finds the same rows. A project and its calendars refer to each other,
        // so the project's `calendar_id` is checked at commit (DEFERRABLE); its partial index
        // makes pmo's own check of it before every commit (StoreSchema.checkDeferredReferences)
        // a lookup of the projects that have one. Numbered v9: v8 is another branch's.
        migrator.registerMigration("v9") { db in
            try db.execute(sql: """
                CREATE TABLE calendars (
                    id TEXT PRIMARY KEY,
                    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                    name TEXT,
                    is_base BOOLEAN NOT NULL DEFAULT 0,
                    base_calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL,
                    CHECK (base_calendar_id IS NULL OR base_calendar_id <> id)
                );
                CREATE INDEX calendars_project ON calendars(project_id);
                CREATE INDEX calendars_base ON calendars(base_calendar_id) WHERE base_calendar_id IS NOT NULL;
                CREATE TABLE calendar_work_weeks (
                    id TEXT PRIMARY KEY,
                    calendar_id TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
                    name TEXT,
                    from_date DATE NOT NULL,
                    to_date DATE NOT NULL,
                    CHECK (from_date <= to_date)
                );
                CREATE INDEX calendar_work_weeks_calendar ON calendar_work_weeks(calendar_id);
                CREATE TABLE calendar_week_days (
                    id TEXT PRIMARY KEY,
                    calendar_id TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
                    work_week_id TEXT REFERENCES calendar_work_weeks(id) ON DELETE CASCADE,
                    day_type INTEGER NOT NULL CHECK (day_type BETWEEN 1 AND 7),
                    working BOOLEAN NOT NULL
                );
                CREATE UNIQUE INDEX calendar_week_days_day ON calendar_week_days(calendar_id, ifnull(work_week_id, ''), day_type);
                CREATE INDEX calendar_week_days_work_week ON calendar_week_days(work_week_id) WHERE work_week_id IS NOT NULL;
                CREATE TABLE calendar_exceptions (
                    id TEXT PRIMARY KEY,
                    calendar_id TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
                    name TEXT,
                    from_date DATE NOT NULL,
                    to_date DATE NOT NULL,
                    working BOOLEAN NOT NULL,
                    recurrence_type INTEGER CHECK (recurrence_type BETWEEN 1 AND 8),
                    occurrences INTEGER CHECK (occurrences >= 1),
                    period INTEGER CHECK (period >= 1),
                    days_of_week INTEGER CHECK (days_of_week BETWEEN 0 AND 127),
                    month_day INTEGER CHECK (month_day BETWEEN 1 AND 31),
                    month_item INTEGER CHECK (month_item BETWEEN 0 AND 9),
                    month_position INTEGER CHECK (month_position BETWEEN 0 AND 4),
                    month INTEGER CHECK (month BETWEEN 0 AND 11),
                    CHECK (from_date <= to_date)
                );
                CREATE INDEX calendar_exceptions_calendar ON calendar_exceptions(calendar_id, from_date);
                CREATE TABLE calendar_times (
                    id TEXT PRIMARY KEY,
                    week_day_id TEXT REFERENCES calendar_week_days(id) ON DELETE CASCADE,
                    exception_id TEXT REFERENCES calendar_exceptions(id) ON DELETE CASCADE,
                    from_minute INTEGER NOT NULL CHECK (from_minute BETWEEN 0 AND 1439),
                    to_minute INTEGER NOT NULL CHECK (to_minute BETWEEN 1 AND 1440),
                    CHECK ((week_day_id IS NULL) <> (exception_id IS NULL)),
                    CHECK (from_minute < to_minute)
                );
                CREATE INDEX calendar_times_week_day ON calendar_times(week_day_id) WHERE week_day_id IS NOT NULL;
                CREATE INDEX calendar_times_exception ON calendar_times(exception_id) WHERE exception_id IS NOT NULL;
                ALTER TABLE projects ADD COLUMN calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;
                ALTER TABLE tasks ADD COLUMN calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL;
                ALTER TABLE resources ADD COLUMN calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL;
                CREATE INDEX projects_calendar ON projects(calendar_id) WHERE calendar_id IS NOT NULL;
                CREATE INDEX tasks_calendar ON tasks(calendar_id) WHERE calendar_id IS NOT NULL;
                CREATE INDEX resources_calendar ON resources(calendar_id) WHERE calendar_id IS NOT NULL;
                """)
            for table in ["calendars", "calendar_work_weeks", "calendar_week_days", "calendar_exceptions", "calendar_times"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_custom_fields AFTER DELETE ON \(table) BEGIN
                        DELETE FROM custom_fields WHERE entity = '\(table)' AND entity_id = old.id;
                    END
                    """)
            }
        }
        // A Jira export kept whole (issue 24): the columns of a work item the model lacked.
        // Repeated Jira columns (one `Sprint` column per sprint, one `Labels` per label) keep
        // every value, in the file's order, one a line; `sprint` is the last sprint. Jira's CSV
        // has no status history: `status_changed` is its `Status Category Changed` day.
        migrator.registerMigration("v10") { db in
            try db.execute(sql: """
                ALTER TABLE work_items ADD COLUMN project_key TEXT;
                ALTER TABLE work_items ADD COLUMN priority TEXT;
                ALTER TABLE work_items ADD COLUMN reporter TEXT;
                ALTER TABLE work_items ADD COLUMN description TEXT;
                ALTER TABLE work_items ADD COLUMN sprint TEXT;
                ALTER TABLE work_items ADD COLUMN sprints TEXT;
                ALTER TABLE work_items ADD COLUMN labels TEXT;
                ALTER TABLE work_items ADD COLUMN due_date DATE;
                ALTER TABLE work_items ADD COLUMN status_changed DATE;
                """)
        }
        // A project's start at a time of day (issue 25): MS Project's `StartDate` is a moment
        // (Microsoft's MSPDI schema reference), and a plan starting at 09:00 on a calendar
        // working from 08:00 schedules its tasks from 09:00.
        migrator.registerMigration("v11") { db in
            try db.execute(sql: """
                ALTER TABLE projects ADD COLUMN forecast_start_minute INTEGER CHECK (forecast_start_minute BETWEEN 0 AND 1439);
                """)
        }
        return migrator
    }
}
