CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TABLE readings (id integer PRIMARY KEY, value integer NOT NULL, changed_at timestamptz);
CREATE TRIGGER readings_value BEFORE UPDATE OF value ON readings FOR EACH ROW WHEN (NEW.value > 100) EXECUTE FUNCTION stamp();
