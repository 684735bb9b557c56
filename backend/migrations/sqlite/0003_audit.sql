-- Targets are removed softly, so their apply runs stay as the audit trail: the row keeps its
-- (password-free) URL, loses its sealed password and frees its name.
ALTER TABLE targets ADD COLUMN deleted_at TEXT;

-- Per-target defaults of the apply's lock timeout, statement timeout and lock retries (NULL:
-- the server's defaults); a run may still override them.
ALTER TABLE targets ADD COLUMN lock_timeout_ms INTEGER;
ALTER TABLE targets ADD COLUMN statement_timeout_ms INTEGER;
ALTER TABLE targets ADD COLUMN lock_retries INTEGER;

-- Who started a run, from where, against what, and the exact SQL it was to run.
ALTER TABLE apply_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'migrations';
ALTER TABLE apply_runs ADD COLUMN actor TEXT;
ALTER TABLE apply_runs ADD COLUMN client TEXT;
ALTER TABLE apply_runs ADD COLUMN target_name TEXT;
ALTER TABLE apply_runs ADD COLUMN target_url TEXT;
ALTER TABLE apply_runs ADD COLUMN to_version INTEGER;
ALTER TABLE apply_runs ADD COLUMN sql TEXT;

CREATE INDEX apply_runs_project_idx ON apply_runs (project_id, started_at);
