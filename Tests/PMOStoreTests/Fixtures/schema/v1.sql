-- added
CREATE INDEX assignments_project ON assignments(project_id);
CREATE INDEX assignments_resource ON assignments(resource_id);
CREATE INDEX assignments_task ON assignments(task_id) WHERE task_id IS NOT NULL;
CREATE INDEX baselines_project ON baselines(project_id, number);
CREATE INDEX baselines_task ON baselines(task_id) WHERE task_id IS NOT NULL;
CREATE INDEX benefits_project ON benefits(project_id);
CREATE INDEX change_requests_project ON change_requests(project_id);
CREATE INDEX decisions_project ON decisions(project_id);
CREATE INDEX deliverables_project ON deliverables(project_id);
CREATE INDEX gate_evidence_gate ON gate_evidence(gate_id);
CREATE INDEX issues_project ON issues(project_id);
CREATE INDEX milestones_project ON milestones(project_id);
CREATE INDEX projects_portfolio ON projects(portfolio_id);
CREATE INDEX risks_project ON risks(project_id);
CREATE INDEX stakeholders_project ON stakeholders(project_id);
CREATE INDEX task_links_project ON task_links(project_id);
CREATE INDEX task_links_successor ON task_links(successor_id);
CREATE INDEX tasks_parent ON tasks(parent_id);
CREATE INDEX tasks_project ON tasks(project_id);
CREATE UNIQUE INDEX timephased_key ON timephased(project_id, ifnull(task_id, ''), period_end);
CREATE INDEX timephased_project_total ON timephased(project_id, period_end) WHERE task_id IS NULL;
CREATE INDEX timephased_task ON timephased(task_id) WHERE task_id IS NOT NULL;
CREATE INDEX timesheets_project ON timesheets(project_id);
CREATE INDEX timesheets_resource ON timesheets(resource_id);
CREATE INDEX timesheets_task ON timesheets(task_id) WHERE task_id IS NOT NULL;
CREATE INDEX work_items_project ON work_items(project_id);
CREATE TABLE assignments (
    id TEXT NOT NULL PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    planned_hours REAL NOT NULL
);
CREATE TABLE baselines (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number BETWEEN 0 AND 10),
    task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
    set_on DATE,
    start DATE,
    finish DATE,
    cost REAL,
    work_hours REAL,
    reason TEXT
);
CREATE TABLE benefit_values (
    benefit_id TEXT NOT NULL REFERENCES benefits(id) ON DELETE CASCADE,
    period_end DATE NOT NULL,
    planned REAL,
    realised REAL,
    PRIMARY KEY (benefit_id, period_end)
);
CREATE TABLE benefits (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    owner TEXT,
    measure TEXT
);
CREATE TABLE change_requests (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    cost_impact REAL,
    schedule_impact_days INTEGER,
    state TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'approved', 'rejected', 'implemented')),
    raised_on DATE,
    decided_on DATE
);
CREATE TABLE custom_fields (
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (entity, entity_id, name)
);
CREATE TABLE decisions (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    decided_on DATE,
    decided_by TEXT,
    rationale TEXT
);
CREATE TABLE deliverables (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    task_id TEXT REFERENCES tasks(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    due_date DATE,
    accepted_date DATE
);
CREATE TABLE gate_evidence (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    gate_id TEXT NOT NULL REFERENCES phase_gates(id) ON DELETE CASCADE,
    artifact TEXT NOT NULL,
    submitted_on DATE,
    reference TEXT,
    PRIMARY KEY (project_id, gate_id, artifact)
);
CREATE TABLE gate_requirements (
    gate_id TEXT NOT NULL REFERENCES phase_gates(id) ON DELETE CASCADE,
    artifact TEXT NOT NULL,
    PRIMARY KEY (gate_id, artifact)
);
CREATE TABLE issues (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    owner TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    raised_on DATE,
    due_on DATE,
    resolved_on DATE
);
CREATE TABLE milestones (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    task_id TEXT REFERENCES tasks(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    baseline_date DATE,
    forecast_date DATE,
    actual_date DATE
);
CREATE TABLE organisation (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    pmo_type TEXT NOT NULL CHECK (pmo_type IN ('weather_station', 'control_tower', 'resource_pool')),
    sourcing TEXT NOT NULL CHECK (sourcing IN ('internal', 'outsourced')),
    currency TEXT NOT NULL,
    fiscal_year_start_month INTEGER NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12)
);
CREATE TABLE phase_gates (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    phase TEXT NOT NULL CHECK (phase IN ('initiation', 'planning', 'execution', 'closing', 'closed', 'cancelled')),
    sequence INTEGER NOT NULL
);
CREATE TABLE portfolios (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    parent_id TEXT REFERENCES portfolios(id) ON DELETE SET NULL,
    manager TEXT,
    sponsor TEXT
);
CREATE TABLE programs (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    portfolio_id TEXT REFERENCES portfolios(id) ON DELETE SET NULL,
    manager TEXT,
    sponsor TEXT
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
CREATE TABLE risks (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    probability REAL CHECK (probability BETWEEN 0 AND 1),
    impact_cost REAL,
    impact_score INTEGER CHECK (impact_score BETWEEN 1 AND 5),
    owner TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'mitigating', 'occurred', 'closed')),
    response TEXT,
    raised_on DATE,
    closed_on DATE
);
CREATE TABLE stakeholders (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('executive', 'sponsor', 'project_manager', 'controller', 'team_member',
                                       'customer', 'supplier', 'regulator', 'other')),
    interest INTEGER CHECK (interest BETWEEN 1 AND 5),
    influence INTEGER CHECK (influence BETWEEN 1 AND 5),
    expectations TEXT
);
CREATE TABLE status_reports (
    id TEXT NOT NULL PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    report_date DATE NOT NULL,
    overall TEXT NOT NULL CHECK (overall IN ('green', 'amber', 'red')),
    schedule TEXT CHECK (schedule IN ('green', 'amber', 'red')),
    cost TEXT CHECK (cost IN ('green', 'amber', 'red')),
    scope TEXT CHECK (scope IN ('green', 'amber', 'red')),
    quality TEXT CHECK (quality IN ('green', 'amber', 'red')),
    summary TEXT,
    author TEXT,
    UNIQUE (project_id, report_date)
);
CREATE TABLE strategic_scores (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    criterion TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (project_id, criterion)
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
);
CREATE TABLE timephased (
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
    period_end DATE NOT NULL,
    pv REAL NOT NULL,
    ev REAL,
    ac REAL
);
CREATE TABLE timesheets (
    id TEXT NOT NULL PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
    week_ending DATE NOT NULL,
    hours REAL NOT NULL
);
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
CREATE TRIGGER assignments_custom_fields AFTER DELETE ON assignments BEGIN
    DELETE FROM custom_fields WHERE entity = 'assignments' AND entity_id = old.id;
END;
CREATE TRIGGER baselines_custom_fields AFTER DELETE ON baselines BEGIN
    DELETE FROM custom_fields WHERE entity = 'baselines' AND entity_id = old.id;
END;
CREATE TRIGGER benefits_custom_fields AFTER DELETE ON benefits BEGIN
    DELETE FROM custom_fields WHERE entity = 'benefits' AND entity_id = old.id;
END;
CREATE TRIGGER change_requests_custom_fields AFTER DELETE ON change_requests BEGIN
    DELETE FROM custom_fields WHERE entity = 'change_requests' AND entity_id = old.id;
END;
CREATE TRIGGER decisions_custom_fields AFTER DELETE ON decisions BEGIN
    DELETE FROM custom_fields WHERE entity = 'decisions' AND entity_id = old.id;
END;
CREATE TRIGGER deliverables_custom_fields AFTER DELETE ON deliverables BEGIN
    DELETE FROM custom_fields WHERE entity = 'deliverables' AND entity_id = old.id;
END;
CREATE TRIGGER issues_custom_fields AFTER DELETE ON issues BEGIN
    DELETE FROM custom_fields WHERE entity = 'issues' AND entity_id = old.id;
END;
CREATE TRIGGER milestones_custom_fields AFTER DELETE ON milestones BEGIN
    DELETE FROM custom_fields WHERE entity = 'milestones' AND entity_id = old.id;
END;
CREATE TRIGGER organisation_custom_fields AFTER DELETE ON organisation BEGIN
    DELETE FROM custom_fields WHERE entity = 'organisation' AND entity_id = old.id;
END;
CREATE TRIGGER phase_gates_custom_fields AFTER DELETE ON phase_gates BEGIN
    DELETE FROM custom_fields WHERE entity = 'phase_gates' AND entity_id = old.id;
END;
CREATE TRIGGER portfolios_custom_fields AFTER DELETE ON portfolios BEGIN
    DELETE FROM custom_fields WHERE entity = 'portfolios' AND entity_id = old.id;
END;
CREATE TRIGGER programs_custom_fields AFTER DELETE ON programs BEGIN
    DELETE FROM custom_fields WHERE entity = 'programs' AND entity_id = old.id;
END;
CREATE TRIGGER projects_custom_fields AFTER DELETE ON projects BEGIN
    DELETE FROM custom_fields WHERE entity = 'projects' AND entity_id = old.id;
END;
CREATE TRIGGER resources_custom_fields AFTER DELETE ON resources BEGIN
    DELETE FROM custom_fields WHERE entity = 'resources' AND entity_id = old.id;
END;
CREATE TRIGGER risks_custom_fields AFTER DELETE ON risks BEGIN
    DELETE FROM custom_fields WHERE entity = 'risks' AND entity_id = old.id;
END;
CREATE TRIGGER stakeholders_custom_fields AFTER DELETE ON stakeholders BEGIN
    DELETE FROM custom_fields WHERE entity = 'stakeholders' AND entity_id = old.id;
END;
CREATE TRIGGER status_reports_custom_fields AFTER DELETE ON status_reports BEGIN
    DELETE FROM custom_fields WHERE entity = 'status_reports' AND entity_id = old.id;
END;
CREATE TRIGGER tasks_custom_fields AFTER DELETE ON tasks BEGIN
    DELETE FROM custom_fields WHERE entity = 'tasks' AND entity_id = old.id;
END;
CREATE TRIGGER timesheets_custom_fields AFTER DELETE ON timesheets BEGIN
    DELETE FROM custom_fields WHERE entity = 'timesheets' AND entity_id = old.id;
END;
CREATE TRIGGER work_items_custom_fields AFTER DELETE ON work_items BEGIN
    DELETE FROM custom_fields WHERE entity = 'work_items' AND entity_id = old.id;
END;
-- removed
