CREATE TABLE orders (id integer PRIMARY KEY, status text NOT NULL, a integer, b integer, c integer);
