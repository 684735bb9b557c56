CREATE TYPE money_amount AS (amount numeric(12, 2), currency char(3));
COMMENT ON TYPE money_amount IS 'an amount with its currency';
CREATE TABLE orders (id integer PRIMARY KEY, total money_amount);
CREATE FUNCTION order_total(o orders) RETURNS money_amount LANGUAGE sql STABLE AS $$ select o.total $$;
