DO $$ BEGIN CREATE ROLE joinery_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
DO $$ BEGIN CREATE ROLE joinery_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO joinery_writer WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE joinery_writer GRANT SELECT, UPDATE ON TABLES TO joinery_reader;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO joinery_reader;
CREATE TABLE notes (id integer PRIMARY KEY);
