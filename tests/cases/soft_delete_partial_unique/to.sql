CREATE TABLE members (id integer PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
CREATE UNIQUE INDEX members_email_live_key ON members (email) WHERE deleted_at IS NULL;
