CREATE TABLE actor (id integer PRIMARY KEY, name text NOT NULL);
CREATE FUNCTION _cat(acc text, x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT acc || x $$;
CREATE AGGREGATE cat(text) (SFUNC = _cat, STYPE = text, INITCOND = 'names: ', COMBINEFUNC = _cat, PARALLEL = SAFE);
CREATE VIEW actor_names AS SELECT cat(name) AS names FROM actor;
