CREATE FUNCTION discount(price numeric) RETURNS numeric LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ select price * 0.8 $$;
CREATE TABLE items (id integer PRIMARY KEY, price numeric NOT NULL);
