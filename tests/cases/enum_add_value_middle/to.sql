CREATE TYPE status AS ENUM ('active', 'pending', 'inactive');
CREATE TABLE t (id integer PRIMARY KEY, s status);
