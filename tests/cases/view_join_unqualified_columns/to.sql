CREATE SCHEMA shop;
CREATE TABLE shop.products (id integer PRIMARY KEY, sku text NOT NULL, title text NOT NULL);
CREATE TABLE shop.stock (product_id integer NOT NULL REFERENCES shop.products (id), warehouse text NOT NULL, quantity integer NOT NULL);
CREATE VIEW shop.stock_levels AS
  SELECT sku, title, warehouse, quantity
  FROM shop.products JOIN shop.stock ON product_id = id
  WHERE quantity > 0 AND warehouse IN ('north', 'south');
CREATE VIEW shop.totals AS
  SELECT p.sku, (SELECT sum(quantity) FROM shop.stock WHERE product_id = p.id) AS total
  FROM shop.products p
  WHERE EXISTS (SELECT 1 FROM shop.stock s WHERE s.product_id = p.id);
CREATE VIEW shop.stock_json AS SELECT s.*, row_to_json(s.*) AS doc FROM shop.stock s;
