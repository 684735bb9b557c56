CREATE SCHEMA types;
CREATE DOMAIN code AS text CHECK (VALUE ~ '^[A-Z]+$');
CREATE TABLE items (id integer PRIMARY KEY, c code);
