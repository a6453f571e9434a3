-- added
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
, currency TEXT, source_currency TEXT, exchange_rate REAL, minutes_per_day INTEGER, minutes_per_week INTEGER, days_per_month INTEGER, calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED, forecast_start_minute INTEGER CHECK (forecast_start_minute BETWEEN 0 AND 1439));
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
, currency TEXT, source_currency TEXT, exchange_rate REAL, minutes_per_day INTEGER, minutes_per_week INTEGER, days_per_month INTEGER, calendar_id TEXT REFERENCES calendars(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED);
