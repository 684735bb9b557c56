CREATE TABLE users (id integer PRIMARY KEY, external_id text NOT NULL UNIQUE);
CREATE TABLE orders (id integer PRIMARY KEY, buyer_external_id text REFERENCES users (external_id) ON UPDATE CASCADE);
CREATE INDEX orders_buyer_idx ON orders (buyer_external_id);
