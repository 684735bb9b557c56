DO $$ BEGIN CREATE ROLE joinery_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
DO $$ BEGIN CREATE ROLE joinery_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
CREATE SCHEMA app;
CREATE TABLE app.notes (id integer PRIMARY KEY);
