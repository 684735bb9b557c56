DO $$ BEGIN IF (SELECT string_agg(sku, ',' ORDER BY sku) FROM products) <> 'A-1,a-2' THEN RAISE EXCEPTION 'lost or not C'; END IF; END $$;
