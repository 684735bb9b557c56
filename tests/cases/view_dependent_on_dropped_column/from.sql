CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE VIEW v AS SELECT id, n FROM t;
