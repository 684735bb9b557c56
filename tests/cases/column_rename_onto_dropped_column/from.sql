CREATE TABLE people (id integer PRIMARY KEY, name varchar(50), full_name text NOT NULL DEFAULT '');
CREATE INDEX people_name_idx ON people (name);
