CREATE TYPE status AS ENUM ('inactive', 'active');
CREATE TABLE t (id integer PRIMARY KEY, s status);
