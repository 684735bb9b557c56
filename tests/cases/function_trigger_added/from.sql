CREATE TABLE posts (id integer PRIMARY KEY, title text NOT NULL, updated_at timestamptz);
