DO $$ BEGIN
  IF (SELECT count(*) FROM notes) <> 2 THEN RAISE EXCEPTION 'rows lost'; END IF;
  INSERT INTO short_notes VALUES (3, 'this body is far too long for the view', false);
  IF (SELECT count(*) FROM note_ids) <> 3 THEN RAISE EXCEPTION 'note_ids'; END IF;
END $$;
