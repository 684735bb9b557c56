DO $$ BEGIN IF (SELECT count(*) FROM orders WHERE customer_id = 99) <> 1 THEN RAISE EXCEPTION 'orphan lost'; END IF; END $$;
