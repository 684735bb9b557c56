CREATE TABLE accounts (id integer PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX accounts_email_idx ON accounts (email);
ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE USING INDEX accounts_email_idx;
