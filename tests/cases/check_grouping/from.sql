CREATE TABLE orders (id integer PRIMARY KEY, a integer, b integer, c integer, CONSTRAINT total_small CHECK (a + b * c < 100));
