INSERT INTO accounts VALUES (1, 'ann', 10, false), (2, 'ann', 5, true), (3, 'bob', 7, false);
REFRESH MATERIALIZED VIEW owner_balances;
