CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE invites (id integer PRIMARY KEY, email text REFERENCES users (email) ON DELETE CASCADE);
