DO $$ BEGIN IF (SELECT s::text FROM t) <> 'enabled' THEN RAISE EXCEPTION 'not renamed'; END IF; END $$;
