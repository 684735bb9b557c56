CREATE FUNCTION next_code(p text) RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT p || floor(random() * 1000)::int $$;
CREATE FUNCTION is_code(value text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT value ~ '^[A-Z]+[0-9]+$' $$;
CREATE TABLE tickets (id integer PRIMARY KEY, code text NOT NULL DEFAULT next_code('T'), CONSTRAINT tickets_code_check CHECK (is_code(code)));
