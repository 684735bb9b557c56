CREATE EXTENSION IF NOT EXISTS hstore;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE products (
  id integer PRIMARY KEY,
  name text NOT NULL,
  attributes hstore
);
CREATE TABLE suppliers (
  id integer PRIMARY KEY,
  email citext NOT NULL UNIQUE
);
