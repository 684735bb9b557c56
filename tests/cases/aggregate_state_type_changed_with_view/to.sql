CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL);
CREATE AGGREGATE total(integer) (SFUNC = int84pl, STYPE = bigint, INITCOND = '0');
CREATE VIEW totals AS SELECT total(n) AS s FROM t;
COMMENT ON AGGREGATE total(integer) IS 'sum from zero, in bigint';
