CREATE TABLE d (id integer PRIMARY KEY, doc jsonb);
