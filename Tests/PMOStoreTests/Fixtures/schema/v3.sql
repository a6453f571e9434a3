-- added
CREATE TABLE derived_project_curves (
    project_id TEXT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    periods BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE derived_state (name TEXT PRIMARY KEY, fresh BOOLEAN NOT NULL) WITHOUT ROWID;
CREATE TRIGGER timephased_curves_delete AFTER DELETE ON timephased WHEN old.task_id IS NULL BEGIN
    UPDATE derived_state SET fresh = 0 WHERE name = 'project_curves' AND fresh;
END;
CREATE TRIGGER timephased_curves_insert AFTER INSERT ON timephased WHEN new.task_id IS NULL BEGIN
    UPDATE derived_state SET fresh = 0 WHERE name = 'project_curves' AND fresh;
END;
CREATE TRIGGER timephased_curves_update AFTER UPDATE ON timephased
WHEN old.task_id IS NULL OR new.task_id IS NULL BEGIN
    UPDATE derived_state SET fresh = 0 WHERE name = 'project_curves' AND fresh;
END;
-- removed
