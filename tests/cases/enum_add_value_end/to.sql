CREATE TYPE status AS ENUM ('active', 'inactive', 'banned');
CREATE TABLE t (id integer PRIMARY KEY, s status);
