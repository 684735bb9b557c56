CREATE TABLE notes (id integer PRIMARY KEY, owner text NOT NULL, body text);
