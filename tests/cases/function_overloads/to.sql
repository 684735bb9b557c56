CREATE FUNCTION area(r double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ select pi() * r * r $$;
CREATE FUNCTION area(w integer, h integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ select w * h $$;
CREATE FUNCTION area(s numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ select s * s $$;
