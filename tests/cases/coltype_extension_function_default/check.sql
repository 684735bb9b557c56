DO $$ BEGIN
  IF (SELECT count(DISTINCT token) FROM sessions) <> 2 THEN
    RAISE EXCEPTION 'each existing session should get its own token';
  END IF;
END $$;
