-- added
CREATE TABLE derived_stale_curves (project_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER timephased_curves_delete AFTER DELETE ON timephased WHEN old.task_id IS NULL BEGIN
    INSERT OR IGNORE INTO derived_stale_curves SELECT old.project_id FROM derived_state WHERE name = 'project_curves' AND fresh;
END;
CREATE TRIGGER timephased_curves_insert AFTER INSERT ON timephased WHEN new.task_id IS NULL BEGIN
    INSERT OR IGNORE INTO derived_stale_curves SELECT new.project_id FROM derived_state WHERE name = 'project_curves' AND fresh;
END;
CREATE TRIGGER timephased_curves_update AFTER UPDATE ON timephased
WHEN old.task_id IS NULL OR new.task_id IS NULL BEGIN
    INSERT OR IGNORE INTO derived_stale_curves SELECT old.project_id FROM derived_state WHERE name = 'project_curves' AND fresh AND old.task_id IS NULL;
    INSERT OR IGNORE INTO derived_stale_curves SELECT new.project_id FROM derived_state WHERE name = 'project_curves' AND fresh AND new.task_id IS NULL;
END;
-- removed
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
