CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
CREATE TABLE posts (id integer PRIMARY KEY, title text, changed_at timestamptz);
CREATE TRIGGER posts_stamp BEFORE UPDATE OF title ON posts FOR EACH ROW EXECUTE FUNCTION stamp();
