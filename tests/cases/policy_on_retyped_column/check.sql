DO $$ BEGIN IF (SELECT sum(points) FROM scores) <> 12 THEN RAISE EXCEPTION 'data lost'; END IF; END $$;
