CREATE TABLE orders (id integer PRIMARY KEY, customer text NOT NULL, total numeric(10,2) NOT NULL);
CREATE VIEW order_totals AS SELECT customer, sum(total) AS total FROM orders GROUP BY customer;
CREATE MATERIALIZED VIEW order_counts AS SELECT customer, count(*) AS n FROM orders GROUP BY customer;
CREATE UNIQUE INDEX order_counts_customer ON order_counts (customer);
CREATE VIEW top_customers AS SELECT customer FROM order_totals WHERE total > 100;
