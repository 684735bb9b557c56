CREATE TABLE sessions (id integer PRIMARY KEY, user_id integer NOT NULL, token text NOT NULL, legacy_token text);
CREATE INDEX sessions_user_token_idx ON sessions (user_id, legacy_token);
CREATE UNIQUE INDEX sessions_legacy_token_key ON sessions (legacy_token) WHERE legacy_token IS NOT NULL;
