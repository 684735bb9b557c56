CREATE TABLE t (id integer PRIMARY KEY, s varchar(100));
