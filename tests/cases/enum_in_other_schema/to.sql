CREATE SCHEMA app;
CREATE TYPE app.kind AS ENUM ('x', 'y');
CREATE TABLE app.things (id integer PRIMARY KEY, k app.kind);
