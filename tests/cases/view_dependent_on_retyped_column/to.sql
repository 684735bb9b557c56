CREATE TABLE t (id integer PRIMARY KEY, n bigint);
CREATE VIEW v AS SELECT id, n FROM t;
