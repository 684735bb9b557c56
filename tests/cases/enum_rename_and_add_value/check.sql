INSERT INTO accounts VALUES (2, 'suspended');
DO $$ BEGIN IF (SELECT status::text FROM accounts WHERE id = 1) <> 'inactive' THEN RAISE EXCEPTION 'lost'; END IF; END $$;
