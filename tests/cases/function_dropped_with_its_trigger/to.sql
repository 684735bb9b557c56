CREATE TABLE notes (id integer PRIMARY KEY, body text, edited boolean NOT NULL DEFAULT false);
