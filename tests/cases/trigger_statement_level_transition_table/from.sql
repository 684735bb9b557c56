CREATE TABLE events (id integer PRIMARY KEY, kind text NOT NULL);
CREATE TABLE event_counts (kind text PRIMARY KEY, n bigint NOT NULL);
