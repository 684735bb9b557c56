CREATE TABLE accounts (id integer PRIMARY KEY, name text);
CREATE TABLE accounts_v2 (id bigint PRIMARY KEY, name text NOT NULL, plan text NOT NULL DEFAULT 'free');
CREATE TABLE logins (id integer PRIMARY KEY, account_id integer REFERENCES accounts (id));
