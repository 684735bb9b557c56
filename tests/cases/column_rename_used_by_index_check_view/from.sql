CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, active boolean NOT NULL DEFAULT true, CONSTRAINT users_email_check CHECK (email LIKE '%@%'));
CREATE UNIQUE INDEX users_email_lower_idx ON users (lower(email));
CREATE INDEX users_active_email_idx ON users (id) WHERE active AND email IS NOT NULL;
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
