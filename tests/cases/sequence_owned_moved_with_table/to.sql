CREATE SCHEMA billing;
CREATE TABLE billing.t (id integer PRIMARY KEY, n bigint);
CREATE SEQUENCE billing.counter OWNED BY billing.t.n;
