CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE invites (id integer PRIMARY KEY, email text);
