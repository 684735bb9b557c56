DO $$ BEGIN IF (SELECT name FROM people WHERE id = 1) <> 'Ann Smith' THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
