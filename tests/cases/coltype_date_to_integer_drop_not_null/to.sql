CREATE TABLE members (
  id integer PRIMARY KEY,
  email text NOT NULL,
  joined integer
);
