CREATE TABLE actor (id integer PRIMARY KEY, name text NOT NULL);
