CREATE DOMAIN yr AS integer CONSTRAINT yr_check CHECK (VALUE > 1900);
CREATE TABLE films (id integer PRIMARY KEY, released yr);
