UPDATE users SET external_id = 'u-9' WHERE id = 1;
DO $$ BEGIN IF (SELECT buyer_external_id FROM orders WHERE id = 1) <> 'u-9' THEN RAISE EXCEPTION 'fk lost'; END IF; END $$;
