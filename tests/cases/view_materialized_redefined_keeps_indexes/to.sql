CREATE TABLE accounts (id integer PRIMARY KEY, owner text NOT NULL, balance numeric(12,2) NOT NULL DEFAULT 0, closed boolean NOT NULL DEFAULT false);
CREATE MATERIALIZED VIEW owner_balances AS SELECT owner, sum(balance) AS total, count(*) AS accounts FROM accounts WHERE NOT closed GROUP BY owner;
CREATE UNIQUE INDEX owner_balances_owner ON owner_balances (owner);
CREATE INDEX owner_balances_total ON owner_balances (total);
COMMENT ON MATERIALIZED VIEW owner_balances IS 'per owner, open accounts';
