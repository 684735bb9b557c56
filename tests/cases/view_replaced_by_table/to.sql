CREATE TABLE orders (id integer PRIMARY KEY, customer text NOT NULL, total numeric(10,2) NOT NULL);
CREATE TABLE order_totals (customer text PRIMARY KEY, total numeric(12,2) NOT NULL);
CREATE TABLE order_counts (customer text PRIMARY KEY, n bigint NOT NULL);
CREATE VIEW top_customers AS SELECT customer FROM order_totals WHERE total > 100;
