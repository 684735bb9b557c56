CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at));
CREATE TABLE event_notes (id serial PRIMARY KEY, event_id bigint NOT NULL, event_at date NOT NULL, FOREIGN KEY (event_id, event_at) REFERENCES events (id, at) ON DELETE CASCADE);
COMMENT ON TABLE events IS 'what happened';
