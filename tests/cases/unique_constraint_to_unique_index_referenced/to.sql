CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE TABLE invites (id integer PRIMARY KEY, sent_by text REFERENCES users (email));
