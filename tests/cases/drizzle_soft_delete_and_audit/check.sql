DO $$ BEGIN IF (SELECT status::text FROM wealth) <> 'active' THEN RAISE EXCEPTION 'default not applied'; END IF; END $$;
