CREATE TABLE t (id integer PRIMARY KEY, ref uuid);
