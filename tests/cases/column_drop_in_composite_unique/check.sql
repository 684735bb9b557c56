DO $$ BEGIN IF (SELECT sum(qty) FROM stock) <> 12 OR (SELECT warehouse FROM products WHERE id = 2) <> 'w2' THEN RAISE EXCEPTION 'data lost'; END IF; END $$;
