CREATE TABLE products (id integer PRIMARY KEY, sku text NOT NULL, region text NOT NULL, warehouse text, CONSTRAINT products_sku_region_key UNIQUE (sku, region));
CREATE INDEX products_region_warehouse_idx ON products (region, warehouse);
CREATE TABLE stock (id integer PRIMARY KEY, sku text, region text, qty integer, FOREIGN KEY (sku, region) REFERENCES products (sku, region));
