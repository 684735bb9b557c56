CREATE TYPE tag AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id integer PRIMARY KEY, tags tag[]);
