CREATE TYPE account_status AS ENUM ('active', 'suspended', 'inactive');
CREATE TABLE accounts (id integer PRIMARY KEY, status account_status NOT NULL DEFAULT 'active');
