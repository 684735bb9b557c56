INSERT INTO readings VALUES (2, '2030-01-01', 2); DO $$ BEGIN IF (SELECT count(*) FROM readings_other) <> 1 THEN RAISE EXCEPTION 'no default partition'; END IF; END $$;
