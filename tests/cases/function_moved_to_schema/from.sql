CREATE SCHEMA util;
CREATE FUNCTION slugify(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ select lower(v) $$;
