DO $$ BEGIN IF (SELECT kind FROM events WHERE id = 1) <> 'click' THEN RAISE EXCEPTION 'not generated'; END IF; END $$;
