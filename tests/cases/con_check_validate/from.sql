CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10,2));
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
