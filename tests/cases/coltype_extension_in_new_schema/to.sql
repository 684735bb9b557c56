CREATE SCHEMA extensions;
CREATE EXTENSION citext WITH SCHEMA extensions;
CREATE TABLE users (
  id integer PRIMARY KEY,
  email extensions.citext NOT NULL
);
CREATE UNIQUE INDEX users_email_idx ON users (email);
