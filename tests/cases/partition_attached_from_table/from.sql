CREATE TABLE logs (id integer NOT NULL, bucket integer NOT NULL, msg text) PARTITION BY HASH (id);
CREATE TABLE logs_0 PARTITION OF logs FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE logs_1 (id integer NOT NULL, bucket integer NOT NULL, msg text);
