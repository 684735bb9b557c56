CREATE TABLE c (id integer PRIMARY KEY, cfg jsonb DEFAULT '{"a": 1}');
