CREATE EXTENSION pg_trgm;
CREATE TABLE t (id integer PRIMARY KEY, name text);
