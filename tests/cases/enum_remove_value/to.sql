CREATE TYPE status AS ENUM ('active', 'inactive');
CREATE TABLE t (id integer PRIMARY KEY, s status NOT NULL DEFAULT 'active');
