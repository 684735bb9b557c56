CREATE TABLE logs (id bigint PRIMARY KEY, at timestamptz, body text);
CREATE INDEX logs_at_idx ON logs (at);
CREATE INDEX logs_body_idx ON logs (body) WITH (fillfactor = 80);
