CREATE TYPE tag AS ENUM ('c', 'a', 'b');
CREATE TABLE t (id integer PRIMARY KEY, tags tag[]);
