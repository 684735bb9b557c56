CREATE TABLE t (id integer PRIMARY KEY, n integer, CONSTRAINT n_small CHECK (n < 10));
