CREATE TYPE job_state AS ENUM ('queued', 'running', 'legacy', 'done');
CREATE TABLE jobs (id integer PRIMARY KEY, state job_state NOT NULL DEFAULT 'queued', CONSTRAINT jobs_state_check CHECK (state <> 'running' OR id > 0));
CREATE INDEX jobs_pending_idx ON jobs (id) WHERE state = 'queued';
CREATE INDEX jobs_state_idx ON jobs (state);
