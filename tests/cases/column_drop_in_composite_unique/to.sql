CREATE TABLE products (id integer PRIMARY KEY, sku text NOT NULL, warehouse text, CONSTRAINT products_sku_key UNIQUE (sku));
CREATE INDEX products_warehouse_idx ON products (warehouse);
CREATE TABLE stock (id integer PRIMARY KEY, sku text REFERENCES products (sku), qty integer);
