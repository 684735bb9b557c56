CREATE TYPE status AS ENUM ('enabled', 'inactive');
CREATE TABLE t (id integer PRIMARY KEY, s status);
