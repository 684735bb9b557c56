CREATE TABLE events (id integer PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE VIEW recent_events AS SELECT id, kind FROM events WHERE at > now() - interval '7 days';
CREATE VIEW recent_kinds AS SELECT kind, count(*) AS n FROM recent_events GROUP BY kind;
