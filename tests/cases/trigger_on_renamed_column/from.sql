CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TABLE profiles (id integer PRIMARY KEY, nick text, changed_at timestamptz);
CREATE TRIGGER profiles_nick BEFORE UPDATE OF nick ON profiles FOR EACH ROW WHEN (OLD.nick IS DISTINCT FROM NEW.nick) EXECUTE FUNCTION stamp();
