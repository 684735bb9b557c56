DO $$ BEGIN IF (SELECT string_agg(qty, ',' ORDER BY id) FROM item) <> '12,30' THEN RAISE EXCEPTION 'down lost data'; END IF; END $$;
