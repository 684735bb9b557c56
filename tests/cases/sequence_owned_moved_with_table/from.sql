CREATE SCHEMA billing;
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
CREATE SEQUENCE public.counter OWNED BY t.n;
