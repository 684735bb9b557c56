CREATE TABLE orders (id integer PRIMARY KEY, customer text NOT NULL, status text NOT NULL, placed_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX orders_customer_idx ON orders (lower(customer));
CREATE INDEX orders_open_idx ON orders (placed_at) WHERE status IN ('open', 'pending');
CREATE UNIQUE INDEX orders_ref_key ON orders (customer, placed_at);
