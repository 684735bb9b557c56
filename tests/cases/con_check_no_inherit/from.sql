CREATE TABLE events (id integer PRIMARY KEY, kind text, CONSTRAINT events_kind_check CHECK (kind <> ''));
