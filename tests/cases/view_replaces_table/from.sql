CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, vip boolean NOT NULL DEFAULT false);
CREATE TABLE vip_customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX vip_customers_name_idx ON vip_customers (name);
