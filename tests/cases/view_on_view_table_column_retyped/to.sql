CREATE TABLE payments (id integer PRIMARY KEY, amount numeric(12,2) NOT NULL, paid_at date);
CREATE VIEW paid AS SELECT id, amount FROM payments WHERE paid_at IS NOT NULL;
CREATE VIEW paid_total AS SELECT sum(amount) AS total FROM paid;
CREATE MATERIALIZED VIEW payment_stats AS SELECT count(*) AS n, max(amount) AS biggest FROM payments;
