DO $$ BEGIN IF (SELECT count(*) FROM sessions) <> 2 THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
