CREATE TABLE events (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text);
CREATE TABLE event_tags (event_id integer NOT NULL REFERENCES events (id) ON DELETE CASCADE, tag text NOT NULL, PRIMARY KEY (event_id, tag));
