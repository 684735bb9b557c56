CREATE TABLE notes (id integer PRIMARY KEY, body text, edited boolean NOT NULL DEFAULT false);
CREATE FUNCTION mark_edited() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.edited := true; RETURN NEW; END $$;
CREATE TRIGGER notes_edited BEFORE UPDATE OF body ON notes FOR EACH ROW EXECUTE FUNCTION mark_edited();
