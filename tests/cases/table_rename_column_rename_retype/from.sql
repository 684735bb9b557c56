CREATE TABLE item (id integer PRIMARY KEY, qty text NOT NULL, note text);
CREATE INDEX item_qty_idx ON item (qty);
CREATE TABLE lines (id integer PRIMARY KEY, item_id integer REFERENCES item (id));
