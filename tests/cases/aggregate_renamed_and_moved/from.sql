CREATE SCHEMA stats;
CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL);
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer);
CREATE VIEW totals AS SELECT total(n) AS s FROM t;
