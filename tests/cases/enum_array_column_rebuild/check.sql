DO $$ BEGIN IF (SELECT tags::text FROM t) <> '{a,c}' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
