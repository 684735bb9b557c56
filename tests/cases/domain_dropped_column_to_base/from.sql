CREATE DOMAIN positive AS numeric CHECK (VALUE > 0);
CREATE TABLE prices (id integer PRIMARY KEY, amount positive NOT NULL);
