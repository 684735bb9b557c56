DO $$ BEGIN IF (SELECT count(*) FROM user_names) <> 1 THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
