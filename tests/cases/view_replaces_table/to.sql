CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, vip boolean NOT NULL DEFAULT false);
CREATE VIEW vip_customers AS SELECT id, name FROM customers WHERE vip;
