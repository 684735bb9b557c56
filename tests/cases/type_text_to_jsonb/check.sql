DO $$ BEGIN IF (SELECT config->>'theme' FROM settings WHERE id = 1) <> 'dark' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
