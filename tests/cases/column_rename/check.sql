DO $$ BEGIN IF (SELECT full_name FROM users) <> 'Ann' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
