-- added
CREATE INDEX baselines_in_force ON baselines(number, project_id, set_on, cost, start, finish, task_id)
    WHERE task_id IS NULL;
-- removed
