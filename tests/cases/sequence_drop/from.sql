CREATE SEQUENCE counter;
CREATE TABLE t (id integer PRIMARY KEY, n bigint DEFAULT nextval('counter'));
