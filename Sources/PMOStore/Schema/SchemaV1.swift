/// The first version of the store's schema, exactly as migration `v1` creates it.
///
/// Frozen: once released, a change to the schema is a new migration, never an edit here.
/// Declared types carry meaning for importers and exporters: `TEXT`, `INTEGER`, `REAL`,
/// `DATE` (text `yyyy-MM-dd`) and `BOOLEAN` (0 or 1). docs/schema.md documents every column.
enum SchemaV1 {
    static let sql = """
    CREATE TABLE organisation (
        id TEXT NOT NULL PRIMARY KEY,
        name TEXT NOT NULL,
        pmo_type TEXT NOT NULL CHECK (pmo_type IN ('weather_station', 'control_tower', 'resource_pool')),
        sourcing TEXT NOT NULL CHECK (sourcing IN ('internal', 'outsourced')),
        currency TEXT NOT NULL,
        fiscal_year_start_month INTEGER NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12)
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
    CREATE INDEX projects_portfolio ON projects(portfolio_id);
    CREATE TABLE strategic_scores (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        criterion TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (project_id, criterion)
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
    CREATE INDEX tasks_project ON tasks(project_id);
    CREATE INDEX tasks_parent ON tasks(parent_id);
    CREATE TABLE task_links (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        predecessor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        successor_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        type TEXT NOT NULL DEFAULT 'FS' CHECK (type IN ('FS', 'SS', 'FF', 'SF')),
        lag_days REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (predecessor_id, successor_id)
    );
    CREATE INDEX task_links_successor ON task_links(successor_id);
    CREATE INDEX task_links_project ON task_links(project_id);
    CREATE TABLE milestones (
        id TEXT NOT NULL PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        task_id TEXT REFERENCES tasks(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        baseline_date DATE,
        forecast_date DATE,
        actual_date DATE
    );
    CREATE INDEX milestones_project ON milestones(project_id);
    CREATE TABLE deliverables (
        id TEXT NOT NULL PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        task_id TEXT REFERENCES tasks(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        due_date DATE,
        accepted_date DATE
    );
    CREATE INDEX deliverables_project ON deliverables(project_id);
    CREATE TABLE timephased (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
        period_end DATE NOT NULL,
        pv REAL NOT NULL,
        ev REAL,
        ac REAL
    );
    CREATE UNIQUE INDEX timephased_key ON timephased(project_id, ifnull(task_id, ''), period_end);
    CREATE INDEX timephased_project_total ON timephased(project_id, period_end) WHERE task_id IS NULL;
    CREATE INDEX timephased_task ON timephased(task_id) WHERE task_id IS NOT NULL;
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
    CREATE INDEX baselines_project ON baselines(project_id, number);
    CREATE INDEX baselines_task ON baselines(task_id) WHERE task_id IS NOT NULL;
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
    CREATE TABLE assignments (
        id TEXT NOT NULL PRIMARY KEY,
        resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        planned_hours REAL NOT NULL
    );
    CREATE INDEX assignments_resource ON assignments(resource_id);
    CREATE INDEX assignments_project ON assignments(project_id);
    CREATE INDEX assignments_task ON assignments(task_id) WHERE task_id IS NOT NULL;
    CREATE TABLE timesheets (
        id TEXT NOT NULL PRIMARY KEY,
        resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        task_id TEXT REFERENCES tasks(id) ON DELETE CASCADE,
        week_ending DATE NOT NULL,
        hours REAL NOT NULL
    );
    CREATE INDEX timesheets_resource ON timesheets(resource_id);
    CREATE INDEX timesheets_project ON timesheets(project_id);
    CREATE INDEX timesheets_task ON timesheets(task_id) WHERE task_id IS NOT NULL;
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
    CREATE INDEX risks_project ON risks(project_id);
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
    CREATE INDEX issues_project ON issues(project_id);
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
    CREATE INDEX change_requests_project ON change_requests(project_id);
    CREATE TABLE decisions (
        id TEXT NOT NULL PRIMARY KEY,
        project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        decided_on DATE,
        decided_by TEXT,
        rationale TEXT
    );
    CREATE INDEX decisions_project ON decisions(project_id);
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
    CREATE INDEX stakeholders_project ON stakeholders(project_id);
    CREATE TABLE benefits (
        id TEXT NOT NULL PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        owner TEXT,
        measure TEXT
    );
    CREATE INDEX benefits_project ON benefits(project_id);
    CREATE TABLE benefit_values (
        benefit_id TEXT NOT NULL REFERENCES benefits(id) ON DELETE CASCADE,
        period_end DATE NOT NULL,
        planned REAL,
        realised REAL,
        PRIMARY KEY (benefit_id, period_end)
    );
    CREATE TABLE phase_gates (
        id TEXT NOT NULL PRIMARY KEY,
        name TEXT NOT NULL,
        phase TEXT NOT NULL CHECK (phase IN ('initiation', 'planning', 'execution', 'closing', 'closed', 'cancelled')),
        sequence INTEGER NOT NULL
    );
    CREATE TABLE gate_requirements (
        gate_id TEXT NOT NULL REFERENCES phase_gates(id) ON DELETE CASCADE,
        artifact TEXT NOT NULL,
        PRIMARY KEY (gate_id, artifact)
    );
    CREATE TABLE gate_evidence (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        gate_id TEXT NOT NULL REFERENCES phase_gates(id) ON DELETE CASCADE,
        artifact TEXT NOT NULL,
        submitted_on DATE,
        reference TEXT,
        PRIMARY KEY (project_id, gate_id, artifact)
    );
    CREATE INDEX gate_evidence_gate ON gate_evidence(gate_id);
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
    CREATE INDEX work_items_project ON work_items(project_id);
    CREATE TABLE custom_fields (
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT,
        PRIMARY KEY (entity, entity_id, name)
    );
    """
}
