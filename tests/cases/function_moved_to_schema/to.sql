CREATE SCHEMA util;
CREATE FUNCTION util.slugify(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ select lower(v) $$;
