CREATE SEQUENCE counter MAXVALUE 1000000;
CREATE TABLE t (id integer PRIMARY KEY, n bigint DEFAULT nextval('counter'), m bigint);
ALTER SEQUENCE counter OWNED BY t.m;
