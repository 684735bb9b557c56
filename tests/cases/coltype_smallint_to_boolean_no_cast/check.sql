DO $$ BEGIN
  IF (SELECT count(*) FROM settings) <> 2 OR (SELECT key FROM settings WHERE id = 2) <> 'beta' THEN
    RAISE EXCEPTION 'rows lost';
  END IF;
END $$;
