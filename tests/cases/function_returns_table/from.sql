CREATE TABLE scores (id integer PRIMARY KEY, player text NOT NULL, points integer NOT NULL);
