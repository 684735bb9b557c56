CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer CONSTRAINT orders_customer_fk REFERENCES customers (id));
