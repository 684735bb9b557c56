CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL);
CREATE FUNCTION score(n integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT n::bigint * 2 $$;
CREATE VIEW scores AS SELECT id, score(n) AS s FROM t;
CREATE VIEW top_scores AS SELECT id FROM scores WHERE s > 10;
