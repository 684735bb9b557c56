INSERT INTO settings (id) VALUES (3);
DO $$ BEGIN IF (SELECT sum(retries) FROM settings) <> 15 THEN RAISE EXCEPTION 'wrong'; END IF; END $$;
