CREATE TABLE regions (code text PRIMARY KEY);
CREATE TABLE readings (id integer NOT NULL, region text NOT NULL REFERENCES regions (code), at date NOT NULL, value numeric, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE readings_eu PARTITION OF readings FOR VALUES IN ('eu');
CREATE TABLE readings_rest PARTITION OF readings DEFAULT;
CREATE INDEX readings_value ON readings (value);
CREATE VIEW recent AS SELECT id, value FROM readings WHERE at > '2024-06-01';
