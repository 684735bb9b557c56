CREATE TABLE orders (id integer PRIMARY KEY, amount numeric(12,2) NOT NULL);
CREATE MATERIALIZED VIEW order_totals AS SELECT sum(amount) AS total FROM orders;
