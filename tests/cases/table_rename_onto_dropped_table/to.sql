CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, plan text NOT NULL DEFAULT 'free');
CREATE TABLE logins (id integer PRIMARY KEY, account_id bigint REFERENCES accounts (id));
