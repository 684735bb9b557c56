CREATE TABLE t (id integer PRIMARY KEY);
CREATE AGGREGATE how_many(*) (SFUNC = int8inc, STYPE = bigint, INITCOND = '0');
COMMENT ON AGGREGATE how_many(*) IS 'count(*), again';
REVOKE EXECUTE ON FUNCTION how_many() FROM PUBLIC;
