CREATE TABLE people (id integer PRIMARY KEY, last_name text, city text);
CREATE INDEX people_last_name_idx ON people (last_name);
