CREATE TABLE item (id integer PRIMARY KEY, qty integer NOT NULL CONSTRAINT item_qty_check CHECK (qty >= 0));
COMMENT ON COLUMN item.qty IS 'units in stock';
