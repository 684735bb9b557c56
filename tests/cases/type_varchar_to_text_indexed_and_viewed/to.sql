CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_idx ON users (lower(email)) WHERE deleted_at IS NULL;
CREATE VIEW active_users AS SELECT id, email FROM users WHERE deleted_at IS NULL;
