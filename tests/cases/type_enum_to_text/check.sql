DO $$ BEGIN IF (SELECT s FROM t) <> 'active' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
