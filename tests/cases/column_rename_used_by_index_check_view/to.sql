CREATE TABLE users (id integer PRIMARY KEY, email_address text NOT NULL, active boolean NOT NULL DEFAULT true, CONSTRAINT users_email_check CHECK (email_address LIKE '%@%'));
CREATE UNIQUE INDEX users_email_lower_idx ON users (lower(email_address));
CREATE INDEX users_active_email_idx ON users (id) WHERE active AND email_address IS NOT NULL;
CREATE VIEW active_users AS SELECT id, email_address FROM users WHERE active;
