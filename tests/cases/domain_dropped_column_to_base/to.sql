CREATE TABLE prices (id integer PRIMARY KEY, amount numeric NOT NULL);
