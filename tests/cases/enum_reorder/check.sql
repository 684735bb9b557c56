DO $$ BEGIN IF (SELECT s::text FROM t) <> 'active' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
