CREATE TABLE accounts (id integer PRIMARY KEY, code char(3) NOT NULL, label varchar(40), rate real NOT NULL DEFAULT 1, opened date NOT NULL, settings jsonb NOT NULL DEFAULT '{}', tags text[] NOT NULL DEFAULT '{}');
CREATE TABLE postings (id bigint PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts (id), amount numeric(12,2) NOT NULL, units integer NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE VIEW account_overview AS
  SELECT a.id, coalesce(label, code, 'none') AS name, rate * units AS weighted,
         CASE WHEN amount > 1000 THEN 'large' END AS size,
         date_trunc('month', opened) AS opened_month, round(units, 1) AS units_1,
         settings->>'currency' AS currency, 'vip' = ANY(tags) AS vip,
         rank() OVER w AS amount_rank
  FROM accounts a JOIN postings p ON p.account_id = a.id
  WHERE settings @> '{"active":true}' AND at > now() - interval '1 week'
    AND NOT EXISTS (SELECT 1 FROM postings q WHERE q.account_id = a.id AND q.amount < 0)
    AND a.id NOT IN (SELECT account_id FROM postings WHERE units = 0)
  WINDOW w AS (PARTITION BY a.id ORDER BY amount DESC);
CREATE VIEW series AS SELECT n, n * 2 AS twice FROM generate_series(1, 5) n;
