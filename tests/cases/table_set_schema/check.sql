DO $$ BEGIN IF (SELECT msg FROM archive.logs WHERE id = 1) IS DISTINCT FROM 'kept' THEN RAISE EXCEPTION 'data lost'; END IF; END $$;
