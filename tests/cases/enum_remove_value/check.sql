DO $$ BEGIN IF (SELECT s::text FROM t WHERE id = 1) <> 'inactive' THEN RAISE EXCEPTION 'data lost'; END IF; END $$;
