CREATE TYPE job_state AS ENUM ('queued', 'done');
CREATE TABLE jobs (id integer PRIMARY KEY, state job_state NOT NULL DEFAULT 'queued');
CREATE TABLE keep (id integer PRIMARY KEY);
