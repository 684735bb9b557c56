CREATE SCHEMA geo;
CREATE TYPE geo.point2d AS (x double precision, y double precision);
CREATE TABLE places (id integer PRIMARY KEY, at geo.point2d);
