CREATE TABLE regions (code text PRIMARY KEY);
CREATE TABLE readings (id integer NOT NULL, region text NOT NULL REFERENCES regions (code), at date NOT NULL, value numeric, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE readings_rest PARTITION OF readings DEFAULT;
CREATE INDEX readings_value ON readings (value);
CREATE VIEW recent AS SELECT id, value FROM readings WHERE at > '2024-06-01';
