CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TABLE old_things (id integer PRIMARY KEY, changed_at timestamptz);
CREATE TRIGGER old_things_stamp BEFORE UPDATE ON old_things FOR EACH ROW EXECUTE FUNCTION stamp();
