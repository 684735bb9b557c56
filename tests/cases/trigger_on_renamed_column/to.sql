CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TABLE profiles (id integer PRIMARY KEY, handle text, changed_at timestamptz);
CREATE TRIGGER profiles_nick BEFORE UPDATE OF handle ON profiles FOR EACH ROW WHEN (OLD.handle IS DISTINCT FROM NEW.handle) EXECUTE FUNCTION stamp();
