-- Joinery's own store: projects with their working drafts, immutable versions with the migration
-- from their parent, target databases, and apply runs with their progress events.
-- Timestamps are written by the server (UTC), so SQLite and PostgreSQL stores behave the same.

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    draft TEXT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ
);

CREATE TABLE versions (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    message TEXT NOT NULL,
    parent_number BIGINT,
    document TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE migrations (
    project_id TEXT NOT NULL,
    version_number BIGINT NOT NULL,
    name TEXT NOT NULL,
    sql TEXT NOT NULL,
    checksum TEXT NOT NULL,
    statements TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project_id, version_number),
    FOREIGN KEY (project_id, version_number) REFERENCES versions (project_id, number) ON DELETE CASCADE
);

CREATE TABLE targets (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE apply_runs (
    id TEXT PRIMARY KEY NOT NULL,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    target_id TEXT NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    result TEXT,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);

CREATE TABLE apply_events (
    run_id TEXT NOT NULL REFERENCES apply_runs (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE INDEX apply_runs_target_idx ON apply_runs (target_id, started_at);
