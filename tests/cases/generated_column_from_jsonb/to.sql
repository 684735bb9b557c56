CREATE TABLE events (id integer PRIMARY KEY, payload jsonb NOT NULL DEFAULT '{}'::jsonb, kind text GENERATED ALWAYS AS (payload ->> 'kind') STORED);
CREATE INDEX events_kind_idx ON events (kind);
