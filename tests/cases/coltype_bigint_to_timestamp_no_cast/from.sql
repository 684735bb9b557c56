CREATE TABLE events (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  happened_at bigint
);
CREATE INDEX events_happened_at_idx ON events (happened_at);
