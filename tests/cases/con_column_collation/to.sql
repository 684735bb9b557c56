CREATE TABLE products (id integer PRIMARY KEY, sku text COLLATE "C" NOT NULL, name text, note varchar(40) COLLATE "POSIX", code text COLLATE "C");
CREATE INDEX products_sku_idx ON products (sku);
