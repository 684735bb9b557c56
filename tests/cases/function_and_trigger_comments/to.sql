CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
COMMENT ON FUNCTION stamp() IS 'sets changed_at';
CREATE TABLE items (id integer PRIMARY KEY, changed_at timestamptz);
CREATE TRIGGER items_stamp BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION stamp();
COMMENT ON TRIGGER items_stamp ON items IS 'audit';
