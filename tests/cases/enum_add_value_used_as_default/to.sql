CREATE TYPE order_status AS ENUM ('pending', 'placed', 'shipped', 'cancelled');
CREATE TABLE orders (id integer PRIMARY KEY, status order_status NOT NULL DEFAULT 'pending', previous order_status NOT NULL DEFAULT 'pending', CONSTRAINT orders_not_cancelled_twice CHECK (status <> 'cancelled' OR previous <> 'cancelled'));
CREATE INDEX orders_open_idx ON orders (id) WHERE status <> 'cancelled';
