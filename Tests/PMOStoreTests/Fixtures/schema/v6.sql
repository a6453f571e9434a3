-- added
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
-- removed
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
);
