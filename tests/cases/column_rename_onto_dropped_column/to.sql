CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL DEFAULT '');
CREATE INDEX people_name_idx ON people (name);
