DO $$ BEGIN IF (SELECT b FROM t) <> 15 THEN RAISE EXCEPTION 'not recomputed'; END IF; END $$;
