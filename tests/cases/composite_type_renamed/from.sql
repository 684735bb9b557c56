CREATE SCHEMA geo;
CREATE TYPE pt AS (x double precision, y double precision);
CREATE TABLE places (id integer PRIMARY KEY, at pt);
