CREATE SCHEMA shop;
CREATE TABLE shop.products (id integer PRIMARY KEY, sku text NOT NULL, title text NOT NULL);
CREATE TABLE shop.stock (product_id integer NOT NULL REFERENCES shop.products (id), warehouse text NOT NULL, quantity integer NOT NULL);
