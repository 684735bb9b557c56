CREATE TABLE users (id integer PRIMARY KEY, uid text NOT NULL UNIQUE);
CREATE TABLE orders (id integer PRIMARY KEY, buyer text REFERENCES users (uid) ON UPDATE CASCADE);
CREATE INDEX orders_buyer_idx ON orders (buyer);
