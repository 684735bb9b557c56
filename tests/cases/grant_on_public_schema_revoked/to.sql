DO $$ BEGIN CREATE ROLE joinery_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
DO $$ BEGIN CREATE ROLE joinery_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
CREATE TABLE notes (id integer PRIMARY KEY);
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO joinery_reader;
GRANT CREATE ON SCHEMA public TO joinery_writer;
