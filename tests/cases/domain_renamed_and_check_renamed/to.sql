CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE > 1900);
CREATE TABLE films (id integer PRIMARY KEY, released year);
