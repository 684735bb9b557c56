CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer, CONSTRAINT t_a_b_unique UNIQUE NULLS NOT DISTINCT (a, b));
