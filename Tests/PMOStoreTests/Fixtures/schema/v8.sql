-- added
CREATE TABLE assignments (
    id TEXT NOT NULL PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    planned_hours REAL NOT NULL
, budget_cost REAL, budget_work_hours REAL);
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
CREATE TABLE task_links (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    predecessor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    successor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    type TEXT NOT NULL DEFAULT 'FS' CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
    lag_days REAL NOT NULL DEFAULT 0, lag_amount REAL, lag_unit TEXT CHECK (lag_unit IN ('working_days', 'elapsed_days', 'percent', 'elapsed_percent')), lag_format TEXT,
    PRIMARY KEY (predecessor_id, successor_id)
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
-- removed
CREATE TABLE assignments (
    id TEXT NOT NULL PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    planned_hours REAL NOT NULL
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
);
CREATE TABLE resources (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'role', 'material')),
    role TEXT,
    skills TEXT,
    capacity_hours_per_week REAL,
    cost_rate REAL,
    available_from DATE,
    available_to DATE
);
CREATE TABLE task_links (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    predecessor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    successor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    type TEXT NOT NULL DEFAULT 'FS' CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
    lag_days REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (predecessor_id, successor_id)
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
, outline_position INTEGER);
