UPDATE items SET id = 1;
DO $$ BEGIN IF (SELECT n FROM items) <> 10 THEN RAISE EXCEPTION 'old body'; END IF; END $$;
