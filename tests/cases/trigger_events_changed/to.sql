CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TABLE items (id integer PRIMARY KEY, changed_at timestamptz);
CREATE TRIGGER items_stamp BEFORE UPDATE OR INSERT ON items FOR EACH ROW EXECUTE FUNCTION stamp();
