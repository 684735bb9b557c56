CREATE TABLE people (id integer PRIMARY KEY, email text, name text);
CREATE INDEX people_email_idx ON people (email);
CREATE INDEX people_name_idx ON people (name);
COMMENT ON INDEX people_name_idx IS 'old';
