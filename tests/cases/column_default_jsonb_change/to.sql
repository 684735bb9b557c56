CREATE TABLE c (id integer PRIMARY KEY, cfg jsonb DEFAULT '{"a": 2, "b": [1, 2]}');
