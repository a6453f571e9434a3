-- added
CREATE INDEX revisions_known_on ON revisions(known_on);
CREATE INDEX row_history_revision ON row_history(revision_id, table_name);
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('import', 'transaction')),
    source TEXT NOT NULL,
    format TEXT,
    sha256 TEXT,
    recorded_at TEXT NOT NULL,
    known_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0,
    changed INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    counts TEXT
);
CREATE TABLE row_history (
    revision_id INTEGER NOT NULL REFERENCES revisions(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    project_id TEXT,
    before TEXT,
    PRIMARY KEY (table_name, row_key, revision_id)
) WITHOUT ROWID;
-- removed
