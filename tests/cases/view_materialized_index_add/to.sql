CREATE TABLE sales (id integer PRIMARY KEY, region text NOT NULL, product text NOT NULL, amount numeric(10,2) NOT NULL);
CREATE MATERIALIZED VIEW sales_by_region AS SELECT region, product, sum(amount) AS total FROM sales GROUP BY region, product;
CREATE UNIQUE INDEX sales_by_region_key ON sales_by_region (region, product);
CREATE INDEX ON sales_by_region (lower(product));
CREATE INDEX sales_by_region_big ON sales_by_region (total DESC) WHERE total > 1000;
