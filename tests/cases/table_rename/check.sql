DO $$ BEGIN IF (SELECT count(*) FROM accounts) <> 1 THEN RAISE EXCEPTION 'lost'; END IF; END $$;
