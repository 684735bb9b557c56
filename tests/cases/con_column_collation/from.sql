CREATE TABLE products (id integer PRIMARY KEY, sku text NOT NULL, name text COLLATE "C", note varchar(20));
CREATE INDEX products_sku_idx ON products (sku);
