CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE orders (id bigint PRIMARY KEY, code varchar(20) NOT NULL, amount numeric(12,2) NOT NULL, qty integer NOT NULL, state order_state NOT NULL DEFAULT 'new', note text, placed_at timestamp NOT NULL DEFAULT now());
CREATE VIEW recent_orders AS
  SELECT id::int * 2 AS doubled, code, qty * 1.5 AS weighted, qty::numeric / 2 AS half, amount,
         code || '-' || id AS label, coalesce(note, '') AS note, 'orders' AS source, -1 AS sign,
         true AS active, length(code) AS code_length,
         CASE WHEN qty > 10 THEN 'bulk' ELSE 'single' END AS size,
         count(*) OVER (PARTITION BY state) AS per_state
  FROM orders
  WHERE code <> '' AND amount > 0 AND state IN ('paid', 'shipped') AND code LIKE 'A%'
    AND qty BETWEEN 1 AND 100 AND placed_at > now() - interval '30 days';
CREATE VIEW order_codes AS SELECT DISTINCT code::text AS code, state::text AS state FROM orders WHERE state = 'new';
