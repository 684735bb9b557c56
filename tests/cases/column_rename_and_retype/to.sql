CREATE TABLE t (id integer PRIMARY KEY, quantity integer);
