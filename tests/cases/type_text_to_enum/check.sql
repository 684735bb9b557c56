DO $$ BEGIN IF (SELECT s::text FROM t) <> 'inactive' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
