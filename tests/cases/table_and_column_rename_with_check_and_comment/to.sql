CREATE TABLE items (id integer PRIMARY KEY, quantity integer NOT NULL CONSTRAINT items_quantity_check CHECK (quantity >= 0));
COMMENT ON COLUMN items.quantity IS 'units in stock';
