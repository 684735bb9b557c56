CREATE TABLE orders (id integer PRIMARY KEY, amount integer NOT NULL);
CREATE MATERIALIZED VIEW order_totals AS SELECT sum(amount) AS total FROM orders;
