CREATE SEQUENCE counter START WITH 5;
CREATE TABLE t (id integer PRIMARY KEY, n bigint DEFAULT nextval('counter'));
