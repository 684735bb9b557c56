CREATE TYPE status AS ENUM ('active', 'inactive');
CREATE TABLE accounts (id integer PRIMARY KEY, status status NOT NULL DEFAULT 'active');
