CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TABLE items (id integer PRIMARY KEY, changed_at timestamptz);
CREATE TRIGGER items_changed_at BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION stamp();
COMMENT ON TRIGGER items_changed_at ON items IS 'sets changed_at on every update';
