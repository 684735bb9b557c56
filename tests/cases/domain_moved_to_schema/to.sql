CREATE SCHEMA types;
CREATE DOMAIN types.code AS text CONSTRAINT code_check CHECK (VALUE ~ '^[A-Z]+$');
CREATE TABLE items (id integer PRIMARY KEY, c types.code);
