DO $$ BEGIN IF (SELECT sum(value) FROM readings) <> 505 THEN RAISE EXCEPTION 'data lost'; END IF; END $$;
UPDATE readings SET value = 1000 WHERE id = 1;
DO $$ BEGIN IF (SELECT changed_at FROM readings WHERE id = 1) IS NULL THEN RAISE EXCEPTION 'trigger not re-created'; END IF; END $$;
