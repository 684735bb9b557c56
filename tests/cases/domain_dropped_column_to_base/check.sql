DO $$ BEGIN IF (SELECT amount FROM prices) <> 9.5 THEN RAISE EXCEPTION 'data lost'; END IF; END $$;
