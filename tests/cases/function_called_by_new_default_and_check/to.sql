CREATE FUNCTION new_code() RETURNS text LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN md5(random()::text); END $$;
CREATE FUNCTION is_code(v text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN length(v) = 32; END $$;
CREATE TABLE tickets (id integer PRIMARY KEY, code text NOT NULL DEFAULT new_code() CHECK (is_code(code)));
CREATE TABLE passes (id integer PRIMARY KEY, code text DEFAULT new_code());
