CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TABLE items (id integer PRIMARY KEY, changed_at timestamptz);
CREATE TRIGGER stamp_items BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION stamp();
COMMENT ON TRIGGER stamp_items ON items IS 'keeps changed_at';
