CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL);
CREATE TABLE legacy_accounts (id integer PRIMARY KEY, owner text NOT NULL);
