DO $$ BEGIN IF (SELECT count(*) FROM orders) <> 2 THEN RAISE EXCEPTION 'lost'; END IF; END $$;
