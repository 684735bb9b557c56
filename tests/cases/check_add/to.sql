CREATE TABLE t (id integer PRIMARY KEY, price numeric(10,2), CONSTRAINT price_positive CHECK (price > 0));
