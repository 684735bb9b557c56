CREATE TABLE sales (id integer PRIMARY KEY, amount numeric NOT NULL, region text NOT NULL);
CREATE VIEW sales_eu AS SELECT id, amount FROM sales WHERE region = 'eu';
CREATE VIEW sales_eu_big AS SELECT id FROM sales_eu WHERE amount > 1000;
