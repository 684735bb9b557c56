CREATE TYPE severity AS ENUM ('high', 'medium', 'low');
CREATE TABLE incidents (id integer PRIMARY KEY, severity severity NOT NULL);
CREATE MATERIALIZED VIEW incident_counts AS SELECT severity, count(*) AS n FROM incidents GROUP BY severity;
