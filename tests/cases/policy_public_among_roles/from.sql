DO $$ BEGIN CREATE ROLE joinery_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END $$;
CREATE TABLE notes (id integer PRIMARY KEY, hidden boolean NOT NULL DEFAULT false);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON notes FOR SELECT USING (true);
CREATE POLICY not_hidden ON notes AS RESTRICTIVE FOR SELECT TO joinery_reader USING (NOT hidden);
