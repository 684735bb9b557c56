CREATE TABLE events (id integer PRIMARY KEY, kind text, CONSTRAINT events_kind_check CHECK (kind <> '') NO INHERIT, CONSTRAINT events_id_check CHECK (id > 0) NO INHERIT);
