CREATE TABLE sessions (id integer PRIMARY KEY, user_id integer NOT NULL, token text NOT NULL);
CREATE INDEX sessions_user_token_idx ON sessions (user_id, token);
