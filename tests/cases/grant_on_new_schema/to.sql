DO $$ BEGIN CREATE ROLE joinery_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
DO $$ BEGIN CREATE ROLE joinery_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
CREATE TABLE notes (id integer PRIMARY KEY);
CREATE SCHEMA reports;
CREATE TABLE reports.daily (day date PRIMARY KEY);
GRANT USAGE ON SCHEMA reports TO joinery_reader, joinery_writer;
