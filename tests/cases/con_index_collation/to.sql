CREATE TABLE people (id integer PRIMARY KEY, last_name text, city text);
CREATE INDEX people_last_name_idx ON people (last_name COLLATE "C" text_pattern_ops);
CREATE INDEX people_city_idx ON people (city COLLATE "C" DESC, last_name);
