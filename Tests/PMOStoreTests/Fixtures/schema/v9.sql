-- added
CREATE INDEX calendar_exceptions_calendar ON calendar_exceptions(calendar_id, from_date);
CREATE INDEX calendar_times_exception ON calendar_times(exception_id) WHERE exception_id IS NOT NULL;
CREATE INDEX calendar_times_week_day ON calendar_times(week_day_id) WHERE week_day_id IS NOT NULL;
CREATE UNIQUE INDEX calendar_week_days_day ON calendar_week_days(calendar_id, ifnull(work_week_id, ''), day_type);
CREATE INDEX calendar_week_days_work_week ON calendar_week_days(work_week_id) WHERE work_week_id IS NOT NULL;
CREATE INDEX calendar_work_weeks_calendar ON calendar_work_weeks(calendar_id);
CREATE INDEX calendars_base ON calendars(base_calendar_id) WHERE base_calendar_id IS NOT NULL;
CREATE INDEX calendars_project ON calendars(project_id);
CREATE INDEX projects_calendar ON projects(calendar_id) WHERE calendar_id IS NOT NULL;
CREATE INDEX resources_calendar ON resources(calendar_id) WHERE calendar_id IS NOT NULL;
CREATE INDEX tasks_calendar ON tasks(calendar_id) WHERE calendar_id IS NOT NULL;
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
CREATE TABLE calendar_times (
    id TEXT PRIMARY KEY,
    week_day_id TEXT REFERENCES calendar_week_days(id) ON DELETE CASCADE,
    exception_id TEXT REFERENCES calendar_exceptions(id) ON DELETE CASCADE,
    from_minute INTEGER NOT NULL CHECK (from_minute BETWEEN 0 AND 1439),
    to_minute INTEGER NOT NULL CHECK (to_minute BETWEEN 1 AND 1440),
    CHECK ((week_day_id IS NULL) <> (exception_id IS NULL)),
    CHECK (from_minute < to_minute)
);
CREATE TABLE calendar_week_days (
    id TEXT PRIMARY KEY,
    calendar_id TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    work_week_id TEXT REFERENCES calendar_work_weeks(id) ON DELETE CASCADE,
    day_type INTEGER NOT NULL CHECK (day_type BETWEEN 1 AND 7),
    working BOOLEAN NOT NULL
);
CREATE TABLE calendar_work_weeks (
    id TEXT PRIMARY KEY,
    calendar_id TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    name TEXT,
    from_date DATE NOT NULL,
    to_date DATE NOT NULL,
    CHECK (from_date <= to_date)
);
CREATE TABLE calendars (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT,
    is_base BOOLEAN NOT NULL DEFAULT 0,
    base_calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL,
    CHECK (base_calendar_id IS NULL OR base_calendar_id <> id)
);
CREATE TABLE projects (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    portfolio_id TEXT REFERENCES portfolios(id) ON DELETE SET NULL,
    program_id TEXT REFERENCES programs(id) ON DELETE SET NULL,
    manager TEXT,
    sponsor TEXT,
    phase TEXT NOT NULL CHECK (phase IN ('initiation', 'planning', 'execution', 'closing', 'closed', 'cancelled')),
    methodology TEXT,
    priority INTEGER,
    baseline_start DATE,
    baseline_finish DATE,
    forecast_start DATE,
    forecast_finish DATE,
    actual_start DATE,
    actual_finish DATE,
    bac REAL,
    status_date DATE
, currency TEXT, source_currency TEXT, exchange_rate REAL, minutes_per_day INTEGER, minutes_per_week INTEGER, days_per_month INTEGER, calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "resources" (
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
, calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL);
CREATE TABLE tasks (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
    wbs TEXT,
    name TEXT NOT NULL,
    outline_level INTEGER,
    is_summary BOOLEAN NOT NULL DEFAULT 0,
    is_milestone BOOLEAN NOT NULL DEFAULT 0,
    baseline_start DATE,
    baseline_finish DATE,
    forecast_start DATE,
    forecast_finish DATE,
    actual_start DATE,
    actual_finish DATE,
    percent_complete REAL CHECK (percent_complete BETWEEN 0 AND 100),
    work_hours REAL,
    cost REAL
, outline_position INTEGER, constraint_type TEXT CHECK (constraint_type IN ('ASAP', 'ALAP', 'MSO', 'MFO', 'SNET', 'SNLT', 'FNET', 'FNLT')), constraint_date DATE, deadline DATE, is_manual BOOLEAN NOT NULL DEFAULT 0, duration_days REAL, duration_format TEXT, remaining_duration_days REAL, reported_early_start DATE, reported_early_finish DATE, reported_late_start DATE, reported_late_finish DATE, reported_total_slack_days REAL, reported_free_slack_days REAL, reported_critical BOOLEAN, calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL);
CREATE TRIGGER calendar_exceptions_custom_fields AFTER DELETE ON calendar_exceptions BEGIN
    DELETE FROM custom_fields WHERE entity = 'calendar_exceptions' AND entity_id = old.id;
END;
CREATE TRIGGER calendar_times_custom_fields AFTER DELETE ON calendar_times BEGIN
    DELETE FROM custom_fields WHERE entity = 'calendar_times' AND entity_id = old.id;
END;
CREATE TRIGGER calendar_week_days_custom_fields AFTER DELETE ON calendar_week_days BEGIN
    DELETE FROM custom_fields WHERE entity = 'calendar_week_days' AND entity_id = old.id;
END;
CREATE TRIGGER calendar_work_weeks_custom_fields AFTER DELETE ON calendar_work_weeks BEGIN
    DELETE FROM custom_fields WHERE entity = 'calendar_work_weeks' AND entity_id = old.id;
END;
CREATE TRIGGER calendars_custom_fields AFTER DELETE ON calendars BEGIN
    DELETE FROM custom_fields WHERE entity = 'calendars' AND entity_id = old.id;
END;
-- removed
CREATE TABLE projects (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    portfolio_id TEXT REFERENCES portfolios(id) ON DELETE SET NULL,
    program_id TEXT REFERENCES programs(id) ON DELETE SET NULL,
    manager TEXT,
    sponsor TEXT,
    phase TEXT NOT NULL CHECK (phase IN ('initiation', 'planning', 'execution', 'closing', 'closed', 'cancelled')),
    methodology TEXT,
    priority INTEGER,
    baseline_start DATE,
    baseline_finish DATE,
    forecast_start DATE,
    forecast_finish DATE,
    actual_start DATE,
    actual_finish DATE,
    bac REAL,
    status_date DATE
, currency TEXT, source_currency TEXT, exchange_rate REAL, minutes_per_day INTEGER, minutes_per_week INTEGER, days_per_month INTEGER);
CREATE TABLE "resources" (
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
CREATE TABLE tasks (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
    wbs TEXT,
    name TEXT NOT NULL,
    outline_level INTEGER,
    is_summary BOOLEAN NOT NULL DEFAULT 0,
    is_milestone BOOLEAN NOT NULL DEFAULT 0,
    baseline_start DATE,
    baseline_finish DATE,
    forecast_start DATE,
    forecast_finish DATE,
    actual_start DATE,
    actual_finish DATE,
    percent_complete REAL CHECK (percent_complete BETWEEN 0 AND 100),
    work_hours REAL,
    cost REAL
, outline_position INTEGER, constraint_type TEXT CHECK (constraint_type IN ('ASAP', 'ALAP', 'MSO', 'MFO', 'SNET', 'SNLT', 'FNET', 'FNLT')), constraint_date DATE, deadline DATE, is_manual BOOLEAN NOT NULL DEFAULT 0, duration_days REAL, duration_format TEXT, remaining_duration_days REAL, reported_early_start DATE, reported_early_finish DATE, reported_late_start DATE, reported_late_finish DATE, reported_total_slack_days REAL, reported_free_slack_days REAL, reported_critical BOOLEAN);
