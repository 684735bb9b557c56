DO $$ BEGIN IF (SELECT quantity FROM items WHERE id = 1) <> 3 THEN RAISE EXCEPTION 'lost'; END IF; END $$;
