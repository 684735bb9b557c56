CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL, payload jsonb);
CREATE MATERIALIZED VIEW daily_events AS SELECT date_trunc('day', at) AS day, kind, count(*) AS n FROM events GROUP BY 1, 2;
CREATE UNIQUE INDEX daily_events_day ON daily_events (day, kind);
CREATE INDEX daily_events_by_kind ON daily_events (kind);
