-- added
CREATE INDEX timephased_project_total ON timephased(project_id, period_end, pv, ev, ac, task_id)
    WHERE task_id IS NULL;
-- removed
CREATE INDEX timephased_project_total ON timephased(project_id, period_end) WHERE task_id IS NULL;
