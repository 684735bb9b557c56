DO $$ BEGIN CREATE ROLE joinery_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
DO $$ BEGIN CREATE ROLE joinery_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
CREATE TABLE notes (id integer PRIMARY KEY, body text);
GRANT SELECT ON TABLE notes TO joinery_reader;
GRANT SELECT, UPDATE ON notes TO joinery_writer WITH GRANT OPTION;
