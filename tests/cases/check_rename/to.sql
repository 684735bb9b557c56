CREATE TABLE t (id integer PRIMARY KEY, n integer, CONSTRAINT n_below_ten CHECK (n < 10));
