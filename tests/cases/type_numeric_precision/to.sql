CREATE TABLE t (id integer PRIMARY KEY, price numeric(12,4));
