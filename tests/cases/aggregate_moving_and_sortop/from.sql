CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL);
CREATE AGGREGATE running(integer) (SFUNC = int4pl, STYPE = integer);
CREATE AGGREGATE top(integer) (SFUNC = int4larger, STYPE = integer);
