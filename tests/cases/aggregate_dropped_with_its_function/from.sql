CREATE TABLE t (id integer PRIMARY KEY, name text);
CREATE FUNCTION _cat(acc text, x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT acc || x $$;
CREATE AGGREGATE cat(text) (SFUNC = _cat, STYPE = text, FINALFUNC = upper);
CREATE VIEW names AS SELECT cat(name) AS n FROM t;
