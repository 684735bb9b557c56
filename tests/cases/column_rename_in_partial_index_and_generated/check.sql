DO $$ BEGIN IF (SELECT title_lower FROM docs WHERE id = 1) <> 'hello' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
