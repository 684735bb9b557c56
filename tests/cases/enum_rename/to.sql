CREATE TYPE account_status AS ENUM ('active', 'inactive');
CREATE TABLE t (id integer PRIMARY KEY, s account_status);
