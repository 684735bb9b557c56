CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n FROM t;
