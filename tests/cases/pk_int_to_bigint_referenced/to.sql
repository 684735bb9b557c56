CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE invoices (id integer PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE, total numeric(10,2));
CREATE TABLE notes (id integer PRIMARY KEY, account_id bigint REFERENCES accounts (id), body text);
CREATE INDEX invoices_account_idx ON invoices (account_id);
