DO $$ BEGIN IF (SELECT count(*) FROM readings_2023) <> 1 OR (SELECT count(*) FROM readings) <> 1 THEN RAISE EXCEPTION 'rows lost or not detached'; END IF; END $$;
