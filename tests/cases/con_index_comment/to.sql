CREATE TABLE people (id integer PRIMARY KEY, email text, name text);
CREATE INDEX people_email_idx ON people (email);
COMMENT ON INDEX people_email_idx IS 'login lookups';
CREATE INDEX people_by_name ON people (lower(name));
COMMENT ON INDEX people_by_name IS 'search by name, case-insensitively';
