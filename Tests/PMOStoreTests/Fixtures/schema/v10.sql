-- added
CREATE TABLE work_items (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
    type TEXT,
    status TEXT,
    summary TEXT,
    created DATE,
    resolved DATE,
    assignee TEXT,
    original_estimate_hours REAL,
    remaining_estimate_hours REAL,
    time_spent_hours REAL,
    story_points REAL
, project_key TEXT, priority TEXT, reporter TEXT, description TEXT, sprint TEXT, sprints TEXT, labels TEXT, due_date DATE, status_changed DATE);
-- removed
CREATE TABLE work_items (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
    type TEXT,
    status TEXT,
    summary TEXT,
    created DATE,
    resolved DATE,
    assignee TEXT,
    original_estimate_hours REAL,
    remaining_estimate_hours REAL,
    time_spent_hours REAL,
    story_points REAL
);
