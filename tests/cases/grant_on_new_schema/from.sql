DO $$ BEGIN CREATE ROLE joinery_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
DO $$ BEGIN CREATE ROLE joinery_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
CREATE TABLE notes (id integer PRIMARY KEY);
GRANT USAGE ON SCHEMA public TO joinery_reader;
