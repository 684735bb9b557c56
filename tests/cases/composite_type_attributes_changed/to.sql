CREATE TYPE address AS (street text, city text COLLATE "C", zip text, country text);
CREATE FUNCTION city_of(a address) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN a.city; END $$;
