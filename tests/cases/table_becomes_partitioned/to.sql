CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE event_notes (id serial PRIMARY KEY, event_id bigint NOT NULL, event_at date NOT NULL, FOREIGN KEY (event_id, event_at) REFERENCES events (id, at) ON DELETE CASCADE);
COMMENT ON TABLE events IS 'what happened, by year';
