CREATE FUNCTION discount(price numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ select price * 0.9 $$;
CREATE TABLE items (id integer PRIMARY KEY, price numeric NOT NULL);
