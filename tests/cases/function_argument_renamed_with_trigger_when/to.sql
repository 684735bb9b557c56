CREATE FUNCTION is_public(status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ select status = 'public' $$;
CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, status text NOT NULL);
CREATE TRIGGER docs_published AFTER UPDATE ON docs FOR EACH ROW WHEN (is_public(NEW.status)) EXECUTE FUNCTION log_change();
