CREATE TABLE orders (id integer PRIMARY KEY, status text NOT NULL CONSTRAINT status_known CHECK (status IN ('new', 'paid', 'shipped')), a integer, b integer, c integer);
