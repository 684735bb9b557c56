CREATE TABLE products (id integer PRIMARY KEY, title text NOT NULL, price numeric(8,2));
CREATE VIEW product_list AS SELECT * FROM products;
CREATE VIEW product_titles AS SELECT p.title FROM product_list p;
