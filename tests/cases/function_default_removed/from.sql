CREATE FUNCTION greet(name text DEFAULT 'world') RETURNS text LANGUAGE sql IMMUTABLE AS $$ select 'hello ' || name $$;
