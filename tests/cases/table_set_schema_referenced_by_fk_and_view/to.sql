CREATE SCHEMA crm;
CREATE TABLE crm.customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES crm.customers (id) ON DELETE SET NULL);
CREATE VIEW customer_orders AS SELECT c.name, o.id AS order_id FROM crm.customers c JOIN orders o ON o.customer_id = c.id;
