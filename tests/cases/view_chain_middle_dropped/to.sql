CREATE TABLE sales (id integer PRIMARY KEY, amount numeric NOT NULL, region text NOT NULL);
CREATE VIEW sales_eu_big AS SELECT id FROM sales WHERE region = 'eu' AND amount > 1000;
