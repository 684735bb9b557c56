CREATE TABLE logs (id bigint PRIMARY KEY, at timestamptz, body text);
CREATE INDEX logs_at_idx ON logs (at) WITH (fillfactor = 70, deduplicate_items = off);
CREATE INDEX logs_body_idx ON logs (body) WITH (fillfactor = '90');
CREATE INDEX logs_at_brin ON logs USING brin (at) WITH (pages_per_range = 32);
