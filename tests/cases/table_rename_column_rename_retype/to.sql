CREATE TABLE items (id integer PRIMARY KEY, quantity integer NOT NULL, note text);
CREATE INDEX item_qty_idx ON items (quantity);
CREATE TABLE lines (id integer PRIMARY KEY, item_id integer REFERENCES items (id));
