CREATE SCHEMA stats;
CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL);
CREATE AGGREGATE stats.sum_of(integer) (SFUNC = int4pl, STYPE = integer);
CREATE VIEW totals AS SELECT stats.sum_of(n) AS s FROM t;
