CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), total numeric NOT NULL);
CREATE FUNCTION order_total(u integer) RETURNS numeric LANGUAGE sql STABLE AS $$ select coalesce(sum(total), 0) from orders where user_id = u $$;
CREATE FUNCTION user_orders(u integer) RETURNS SETOF orders LANGUAGE sql STABLE AS $$ select * from orders where user_id = u $$;
