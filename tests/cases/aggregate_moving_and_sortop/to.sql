CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL);
CREATE AGGREGATE running(integer) (SFUNC = int4pl, STYPE = integer, MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = integer, INITCOND = '0', MINITCOND = '0');
CREATE AGGREGATE top(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = >, COMBINEFUNC = int4larger, PARALLEL = SAFE);
